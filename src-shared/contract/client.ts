/** The one interface every client uses to reach the host, whatever carries the calls. */

import type { AppErrorData } from '../errors';
import type { EventName, Events, Method, RequestOf, Responses } from './ipc';

export interface ContractClient {
  invoke<M extends Method>(method: M, input: RequestOf<M>): Promise<Responses[M]>;
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** How a call's outcome travels over IPC and WebSocket: errors as data, never as thrown strings. */
export type Outcome<T> = { ok: true; result: T } | { ok: false; error: AppErrorData };
