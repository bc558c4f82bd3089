/**
 * The desktop app's main process: a thin shell that builds the same core as
 * `cutover serve` and the CLI, with the OS keychain, utility-process workers,
 * desktop notifications and one hardened window.
 */

import { app, BrowserWindow, ipcMain, Notification, safeStorage, session, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CoreApp } from '../core/app';
import { createApp } from '../core/app';
import { resolveHome } from '../core/home';
import { forwardEvents, registerContract } from './ipc';
import { UtilityLauncher } from './launcher';
import { createDesktopSecretStore } from './secrets';
import { hardenSession, lockNavigation, showWhenReady, windowOptions } from './window';

const here = import.meta.dirname;

function homeFromArgs(argv: string[]): string | null {
  const index = argv.indexOf('--home');
  return index >= 0 ? (argv[index + 1] ?? null) : null;
}

let core: CoreApp | null = null;

async function start(): Promise<void> {
  const home = resolveHome(homeFromArgs(process.argv));
  core = createApp({
    kind: 'desktop',
    home,
    user: process.env.USER ?? process.env.USERNAME ?? 'unknown',
    version: app.getVersion(),
    secrets: createDesktopSecretStore(safeStorage, home),
    launcher: new UtilityLauncher((path, args, options) => utilityProcess.fork(path, args, options), join(here, 'worker.js')),
    threads: { start: (name, data) => new Worker(join(here, `${name}.js`), { workerData: data }) },
    notifier: { notify: (title, body) => new Notification({ title, body }).show() },
  });

  core.services.orchestrator.resumeRunning();
  core.services.switchover.resumeUnderway();
  core.services.release.resumeReleasing();
  const rendererUrl = process.env.ELECTRON_RENDERER_URL;
  const indexFile = join(here, '../renderer/index.html');
  const trusted = rendererUrl && !app.isPackaged ? [rendererUrl] : [pathToFileURL(indexFile).href];
  registerContract(ipcMain, core.dispatch, trusted);
  hardenSession(session.defaultSession);

  const window = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')));
  lockNavigation(window.webContents, (url) => void shell.openExternal(url));
  const stopForwarding = forwardEvents(core.events, window.webContents);
  window.on('closed', stopForwarding);
  showWhenReady(window);
  if (rendererUrl && !app.isPackaged) await window.loadURL(rendererUrl);
  else await window.loadFile(indexFile);
}

app.whenReady().then(start, (error: unknown) => {
  console.error(error);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => void core?.close());
