/**
 * The contract over one WebSocket of the browser host. A text frame holding
 * a call gets a result frame; so does a malformed call that has an id (an
 * invalid_input error saying what is wrong). Anything else closes the socket:
 * 1008 for text that is not a call, 1003 for a binary frame. Nothing a client
 * sends escapes as an exception: protocol errors are answered by `ws` (it
 * closes with the matching code), and a failure while answering closes the
 * socket with 1011.
 */

import type { RawData, WebSocket } from 'ws';
import type { CallFrame, HostFrame } from '../../src-shared/contract/websocket';
import { callFrameSchema } from '../../src-shared/contract/websocket';
import type { AppErrorData } from '../../src-shared/errors';
import { describeIssues } from '../../src-shared/settings/issues';
import type { Dispatch } from '../core/api/dispatch';

/** Close codes of RFC 6455 the host uses. */
export const CLOSE = { unsupportedData: 1003, policy: 1008, internal: 1011 } as const;

export type Report = (message: string) => void;

function internalError(message: string): AppErrorData {
  return { code: 'internal', message, retryable: false };
}

/** Closes with a code unless already closing; never throws. */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState !== ws.OPEN) return;
  try {
    ws.close(code, reason);
  } catch {
    ws.terminate();
  }
}

/** Sends a serialized frame; a failed write drops the socket. */
export function sendText(ws: WebSocket, text: string): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(text, (error) => {
    if (error) ws.terminate();
  });
}

/** Serializes a frame; an event or result that cannot be serialized (cyclic, BigInt) yields null. */
export function serializeFrame(frame: HostFrame): string | null {
  try {
    return JSON.stringify(frame);
  } catch {
    return null;
  }
}

function sendResult(ws: WebSocket, frame: HostFrame & { kind: 'result' }, report: Report): void {
  const text = serializeFrame(frame);
  if (text !== null) return sendText(ws, text);
  report(`the result of call ${frame.id} could not be serialized`);
  sendText(ws, JSON.stringify({ kind: 'result', id: frame.id, ok: false, error: internalError('The result could not be sent.') } satisfies HostFrame));
}

/** The id of a frame that is not a valid call, when it has one a client could match an answer to. */
function usableId(raw: unknown): number | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const { id } = raw as Record<string, unknown>;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

type Parsed = { call: CallFrame } | { refusal: HostFrame & { kind: 'result' } } | { close: string };

/** Reads one text frame: a call, an error answer for a malformed call with an id, or why the socket closes. */
export function parseCallFrame(text: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { close: 'frames must be JSON' };
  }
  const frame = callFrameSchema.safeParse(raw);
  if (frame.success) return { call: frame.data };
  const id = usableId(raw);
  if (id === null) return { close: 'invalid call frame' };
  const details = describeIssues(frame.error, raw);
  const error: AppErrorData = {
    code: 'invalid_input',
    message: `Invalid call frame: ${details.join('; ')}.`,
    details,
    workaround: 'Send {"id": <number>, "method": <name>, "input": <object>}.',
    retryable: false,
  };
  return { refusal: { kind: 'result', id, ok: false, error } };
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}

async function answer(ws: WebSocket, data: RawData, isBinary: boolean, dispatch: Dispatch, report: Report): Promise<void> {
  if (isBinary) return closeSocket(ws, CLOSE.unsupportedData, 'frames must be JSON text');
  const parsed = parseCallFrame(textOf(data));
  if ('close' in parsed) return closeSocket(ws, CLOSE.policy, parsed.close);
  if ('refusal' in parsed) return sendResult(ws, parsed.refusal, report);
  const { id, method, input } = parsed.call;
  const outcome = await dispatch(method, input);
  sendResult(ws, outcome.ok ? { kind: 'result', id, ok: true, result: outcome.result } : { kind: 'result', id, ok: false, error: outcome.error }, report);
}

/** Serves the contract on an accepted socket. */
export function serveSocket(ws: WebSocket, dispatch: Dispatch, report: Report): void {
  // Protocol errors (oversized or invalid frames, bad close codes...) arrive here after
  // `ws` has already started closing the socket with the matching code.
  ws.on('error', () => undefined);
  ws.on('message', (data, isBinary) => {
    answer(ws, data, isBinary, dispatch, report).catch((error: unknown) => {
      report(`a call failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      closeSocket(ws, CLOSE.internal, 'internal error');
    });
  });
}
