/**
 * The contract over the browser host's WebSocket. The session cookie set when
 * the page was opened with its token authenticates the socket. Calls made while
 * the socket is (re)connecting wait; calls in flight when it drops fail clearly.
 */

import type { Outcome } from '../../src-shared/contract/client';
import type { CallFrame, HostFrame } from '../../src-shared/contract/websocket';
import { WEBSOCKET_PATH } from '../../src-shared/contract/websocket';
import type { Transport } from './client';

const RECONNECT_MS = 1000;

export function createWebSocketTransport(location: Pick<Location, 'protocol' | 'host'>): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WEBSOCKET_PATH}`;
  const pending = new Map<number, (outcome: Outcome<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;

  function open(): Promise<WebSocket> {
    ready ??= new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.addEventListener('open', () => {
        socket = ws;
        resolve(ws);
      });
      ws.addEventListener('message', (message) => {
        const frame = JSON.parse(String(message.data)) as HostFrame;
        if (frame.kind === 'result') {
          const settle = pending.get(frame.id);
          pending.delete(frame.id);
          settle?.(frame.ok ? { ok: true, result: frame.result } : { ok: false, error: frame.error });
        } else {
          listeners.get(frame.event)?.forEach((listener) => listener(frame.payload));
        }
      });
      ws.addEventListener('close', () => {
        socket = null;
        ready = null;
        for (const [id, settle] of pending) {
          pending.delete(id);
          settle({ ok: false, error: { code: 'connect_failed', message: 'The connection to Cutover was lost.', workaround: 'Check that `cutover serve` is still running, then retry.', retryable: true } });
        }
        setTimeout(() => void open(), RECONNECT_MS);
      });
    });
    return ready;
  }

  void open();

  return {
    async call(method, input) {
      const ws = socket ?? (await open());
      const id = nextId++;
      const frame: CallFrame = { id, method, input };
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify(frame));
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
