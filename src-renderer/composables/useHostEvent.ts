/** Subscribes a component to a host event for as long as it is mounted. */
import { onScopeDispose } from 'vue';
import { api } from '../api/client';
import type { EventName, Events } from '../../src-shared/contract/ipc';

export function useHostEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): void {
  const off = api.on(event, listener);
  onScopeDispose(off);
}
