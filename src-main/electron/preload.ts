/**
 * The preload bridge: exposes exactly `invoke` and `on` of the contract on
 * `window.cutover`. No Node, no Electron objects, no other channel reach the page.
 */

import { contextBridge, ipcRenderer } from 'electron';
import type { PreloadBridge } from '../../src-shared/contract/channels';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../src-shared/contract/channels';

export const bridge: PreloadBridge = {
  invoke(method, input) {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input);
  },
  on(event, listener) {
    const handler = (_event: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('cutover', bridge);
