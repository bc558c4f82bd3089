/** Frames of the contract over the browser host's WebSocket. */

import { z } from 'zod';
import type { AppErrorData } from '../errors';

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
