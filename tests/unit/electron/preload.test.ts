import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src-shared/contract/channels';
import { fakeElectron } from './fake-electron';

const electron = fakeElectron();
vi.mock('electron', () => electron.module);

describe('preload bridge', () => {
  it('exposes exactly invoke and on as window.cutover', async () => {
    await import('../../../src-main/electron/preload');
    const expose = electron.module.contextBridge.exposeInMainWorld;
    expect(expose).toHaveBeenCalledTimes(1);
    const [name, bridge] = expose.mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('cutover');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends calls only over the contract channel', async () => {
    const { bridge } = await import('../../../src-main/electron/preload');
    await expect(bridge.invoke('app/info', {})).resolves.toEqual({ ok: true, result: 'pong' });
    expect(electron.module.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, 'app/info', {});
    await expect(bridge.invoke(42 as unknown as string, {})).rejects.toThrow('method must be a string');
  });

  it('delivers only the subscribed event and unsubscribes', async () => {
    const { bridge } = await import('../../../src-main/electron/preload');
    const seen: unknown[] = [];
    const off = bridge.on('projects/changed', (payload) => seen.push(payload));
    electron.module.ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'projects/changed', { id: 'p_1' });
    electron.module.ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'datasources/changed', { id: 'ds_1' });
    off();
    electron.module.ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'projects/changed', { id: 'p_2' });
    expect(seen).toEqual([{ id: 'p_1' }]);
    expect(electron.module.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });
});
