/**
 * A stand-in for the `electron` module, recording what the shell does with it.
 * Electron cannot start on the build machines; these fakes let the thin shell
 * be tested under Node with everything else real.
 */

import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeWebContents extends EventEmitter {
  sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } = {};
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadFile(file: string) {
    this.loaded.file = file;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded.url = url;
    return Promise.resolve();
  }
  show() {}
}

export function fakeSafeStorage(backend = 'gnome_libsecret', available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`),
    decryptString: (sealed: Buffer) => {
      const text = sealed.toString();
      if (!text.startsWith('enc:')) throw new Error('cannot decrypt');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  };
}

export function fakeElectron() {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const permissionHandlers: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void)[] = [];
  const headerHandlers: ((details: { responseHeaders: Record<string, string[]> }, callback: (response: unknown) => void) => void)[] = [];
  let ready!: () => void;
  const whenReadyPromise = new Promise<void>((resolve) => (ready = resolve));
  const module = {
    app: Object.assign(new EventEmitter(), {
      whenReady: () => whenReadyPromise,
      getVersion: () => '0.0.0-test',
      isPackaged: true,
      exit: vi.fn(),
      quit: vi.fn(),
    }),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler) },
    safeStorage: fakeSafeStorage(),
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (typeof permissionHandlers)[number]) => permissionHandlers.push(handler),
        webRequest: { onHeadersReceived: (handler: (typeof headerHandlers)[number]) => headerHandlers.push(handler) },
      },
    },
    shell: { openExternal: vi.fn() },
    utilityProcess: { fork: vi.fn() },
    Notification: class {
      show() {}
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: Object.assign(new EventEmitter(), { invoke: vi.fn(async () => ({ ok: true, result: 'pong' })) }),
  };
  return { module, handlers, permissionHandlers, headerHandlers, ready: () => ready() };
}
