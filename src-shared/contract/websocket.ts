/** Frames of the contract over the browser host's WebSocket. */

import { z } from 'zod';
import type { AppErrorData } from '../errors';
import { MAX_FILE_CHARS } from '../settings/limits';

/** Client → host: one call. */
export const callFrameSchema = z
  .object({
    id: z.number().int().nonnegative(),
    method: z.string().min(1).max(100),
    input: z.unknown(),
  })
  .strict();
export type CallFrame = z.infer<typeof callFrameSchema>;

/** Host → client: the outcome of a call, or a pushed event. */
export type HostFrame =
  | { kind: 'result'; id: number; ok: true; result: unknown }
  | { kind: 'result'; id: number; ok: false; error: AppErrorData }
  | { kind: 'event'; event: string; payload: unknown };

/** The path the browser host serves the contract on. */
export const WEBSOCKET_PATH = '/api';

/**
 * Bytes a UTF-16 code unit can take in a frame as the client sends it
 * (`JSON.stringify`, then UTF-8): a control character or a lone surrogate is
 * escaped as `\uXXXX`, 6 bytes; anything else takes at most 3.
 */
const WORST_BYTES_PER_UNIT = 6;

/** Everything around the file text: id, method, keys, the file name (255 units, 6 bytes each at worst), another id. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * The largest call frame the host accepts. It is derived from the longest text
 * a call carries (a settings file's content, MAX_FILE_CHARS) so that every
 * call the schemas allow fits in one frame, whatever the text: a
 * settings file of 20,000,000 characters is at most 120 MB as JSON (60 MB when
 * it is all CJK). One frame rather than chunks: the handler needs the whole
 * text at once anyway, so chunking would bound nothing and add protocol state
 * (ordering, partial uploads, time-outs). Only an authenticated socket can send
 * a frame; larger frames close the socket with 1009.
 */
export const MAX_CALL_FRAME_BYTES = MAX_FILE_CHARS * WORST_BYTES_PER_UNIT + ENVELOPE_BYTES;
