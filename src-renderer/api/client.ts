/**
 * The renderer's one way to reach the host: the Electron preload bridge when
 * present, else the browser host's WebSocket. Same typed interface either way;
 * errors arrive as AppError with code, message and workaround.
 */

import type { PreloadBridge } from '../../src-shared/contract/channels';
import type { ContractClient, Outcome } from '../../src-shared/contract/client';
import type { EventName, Events, Method, RequestOf, Responses } from '../../src-shared/contract/ipc';
import { AppError } from '../../src-shared/errors';
import { createWebSocketTransport } from './websocket-transport';

export interface Transport {
  call(method: string, input: unknown): Promise<Outcome<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

function bridgeTransport(bridge: PreloadBridge): Transport {
  return {
    call: (method, input) => bridge.invoke(method, input) as Promise<Outcome<unknown>>,
    on: (event, listener) => bridge.on(event, listener),
  };
}

export function createClient(transport: Transport): ContractClient {
  return {
    async invoke<M extends Method>(method: M, input: RequestOf<M>): Promise<Responses[M]> {
      const outcome = await transport.call(method, input);
      if (!outcome.ok) throw AppError.from(outcome.error);
      return outcome.result as Responses[M];
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      return transport.on(event, listener as (payload: unknown) => void);
    },
  };
}

const bridge = (window as unknown as { cutover?: PreloadBridge }).cutover;

/** Whether this page runs in the desktop app (whose host shows its own notifications) rather than a browser. */
export const inDesktopApp = bridge !== undefined;

function detectTransport(): Transport {
  return bridge ? bridgeTransport(bridge) : createWebSocketTransport(window.location);
}

export const api: ContractClient = createClient(detectTransport());
