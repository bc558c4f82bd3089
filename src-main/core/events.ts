import { EventEmitter } from 'node:events';
import type { EventName, Events } from '../../src-shared/contract/ipc';

/** Typed fan-out of host events to every connected client. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    this.emitter.emit('event', event, payload);
  }

  /** Listens to every event; returns the unsubscribe function. */
  subscribe(listener: <E extends EventName>(event: E, payload: Events[E]) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
