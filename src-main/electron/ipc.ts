/** The contract over Electron IPC: one invoke channel with sender validation, one event channel. */

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../src-shared/contract/channels';
import type { Outcome } from '../../src-shared/contract/client';
import type { Dispatch } from '../core/api/dispatch';
import type { EventBus } from '../core/events';

/** Only the app's own page may call: its frame URL must start with one of the trusted prefixes. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, trustedPrefixes: string[]): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && trustedPrefixes.some((prefix) => url.startsWith(prefix));
}

export function registerContract(ipcMain: IpcMain, dispatch: Dispatch, trustedPrefixes: string[]): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<Outcome<unknown>> => {
    if (!isTrustedSender(event, trustedPrefixes)) {
      return { ok: false, error: { code: 'not_allowed', message: 'Calls are accepted from the Cutover window only.' } };
    }
    return dispatch(method, input);
  });
}

/** Forwards every core event to the window while it lives. */
export function forwardEvents(events: EventBus, contents: WebContents): () => void {
  return events.subscribe((name, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
  });
}
