/**
 * The desktop main process, started against a fake `electron` module: it must
 * build the real core, register the one contract channel with sender
 * validation, open a sandboxed, isolated window, and forward events.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../../src-shared/contract/client';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src-shared/contract/channels';
import { requestSchemas } from '../../../src-shared/contract/ipc';
import { CONTENT_SECURITY_POLICY } from '../../../src-shared/security';
import { FakeBrowserWindow, fakeElectron } from './fake-electron';

const electron = fakeElectron();
vi.mock('electron', () => electron.module);

const home = mkdtempSync(join(tmpdir(), 'cutover-desktop-'));
const mainDir = join(import.meta.dirname, '..', '..', '..', 'src-main', 'electron');
const trustedUrl = pathToFileURL(join(mainDir, '../renderer/index.html')).href;

type Invoke = (event: { senderFrame: { url: string } | null }, method: unknown, input: unknown) => Promise<Outcome<unknown>>;

async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

describe('desktop main process', () => {
  let window: FakeBrowserWindow;
  let invoke: Invoke;
  const argv = process.argv;

  beforeAll(async () => {
    process.argv = [...argv, '--home', home];
    await import('../../../src-main/electron/main');
    electron.ready();
    await settled();
    window = FakeBrowserWindow.instances[0];
    invoke = electron.handlers.get(IPC_INVOKE_CHANNEL) as Invoke;
  });

  afterAll(() => {
    process.argv = argv;
    electron.module.app.emit('before-quit');
    rmSync(home, { recursive: true, force: true });
  });

  it('opens one sandboxed, context-isolated window without Node', () => {
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(window.loaded.file).toMatch(/renderer[\\/]index\.html$/);
  });

  it('registers only the contract channel', () => {
    expect([...electron.handlers.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
  });

  it('refuses calls that do not come from the app page', async () => {
    for (const frame of [null, { url: 'https://evil.example/' }, { url: 'file:///tmp/other.html' }]) {
      const outcome = await invoke({ senderFrame: frame }, 'app/info', {});
      expect(outcome).toEqual({ ok: false, error: { code: 'not_allowed', message: 'Calls are accepted from the Cutover window only.' } });
    }
  });

  it('serves the core to the app page, with the OS keychain for passwords', async () => {
    const outcome = await invoke({ senderFrame: { url: trustedUrl } }, 'app/info', {});
    expect(outcome).toMatchObject({ ok: true, result: { host: 'desktop', home, secretStore: 'os-keychain', version: '0.0.0-test' } });
  });

  it('has a handler for every method of the contract', async () => {
    for (const method of Object.keys(requestSchemas)) {
      const outcome = await invoke({ senderFrame: { url: trustedUrl } }, method, { id: 'p_missing' });
      if (!outcome.ok) {
        expect(outcome.error.code, method).not.toBe('internal');
        expect(outcome.error.message, method).not.toMatch(/Unknown method/);
      }
    }
  });

  it('validates inputs at the boundary', async () => {
    const outcome = await invoke({ senderFrame: { url: trustedUrl } }, 'projects/list', { status: 'sleeping' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('invalid_input');
  });

  it('forwards core events to the window', async () => {
    const created = await invoke({ senderFrame: { url: trustedUrl } }, 'datasources/create', {
      name: 'desk',
      host: '127.0.0.1',
      port: 3306,
      user: 'u',
      password: 'desktop-secret',
    });
    expect(created.ok).toBe(true);
    const id = (created as { ok: true; result: { id: string } }).result.id;
    expect(window.webContents.sent).toContainEqual([IPC_EVENT_CHANNEL, 'datasources/changed', { id }]);
  });

  it('keeps the page in place and opens only https links outside', () => {
    const event = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window.webContents.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(electron.module.shell.openExternal).toHaveBeenCalledWith('https://docs.example/');
    expect(window.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.module.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('denies every permission and sends the content security policy', () => {
    const granted: boolean[] = [];
    for (const handler of electron.permissionHandlers) handler({}, 'media', (g) => granted.push(g));
    expect(granted).toEqual([false]);
    let headers: unknown;
    electron.headerHandlers[0]({ responseHeaders: { 'X-Other': ['1'] } }, (response) => (headers = response));
    expect(headers).toEqual({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});
