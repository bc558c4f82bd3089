import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SafeStorage, UtilityProcess } from 'electron';
import { FileKeySecretStore } from '../../../src-main/core/secrets/file-key-store';
import { UtilityLauncher } from '../../../src-main/electron/launcher';
import { createDesktopSecretStore } from '../../../src-main/electron/secrets';
import { fakeSafeStorage } from './fake-electron';

const home = mkdtempSync(join(tmpdir(), 'cutover-desktop-secrets-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('desktop secret store', () => {
  it('seals with the OS keychain and never keeps the plain text', () => {
    const store = createDesktopSecretStore(fakeSafeStorage() as unknown as SafeStorage, home);
    expect(store.kind).toBe('os-keychain');
    const sealed = store.seal('hunter2-long');
    expect(sealed.startsWith('v1:os:')).toBe(true);
    expect(sealed).not.toContain('hunter2-long');
    expect(store.open(sealed)).toBe('hunter2-long');
  });

  it('opens passwords sealed by the command line key file', () => {
    const fromCli = new FileKeySecretStore(home).seal('from-the-cli');
    const store = createDesktopSecretStore(fakeSafeStorage() as unknown as SafeStorage, home);
    expect(store.open(fromCli)).toBe('from-the-cli');
  });

  it('uses the key file where Linux offers only plain-text storage or none', () => {
    expect(createDesktopSecretStore(fakeSafeStorage('basic_text') as unknown as SafeStorage, home).kind).toBe(process.platform === 'linux' ? 'key-file' : 'os-keychain');
    expect(createDesktopSecretStore(fakeSafeStorage('gnome_libsecret', false) as unknown as SafeStorage, home).kind).toBe('key-file');
  });

  it('says what to do when the keychain cannot decrypt', () => {
    const store = createDesktopSecretStore(fakeSafeStorage() as unknown as SafeStorage, home);
    expect(() => store.open('v1:os:' + Buffer.from('garbage').toString('base64'))).toThrow(/enter its password again|cannot decrypt/);
    expect(() => store.open('plain-text')).toThrow('unknown format');
  });
});

class FakeUtility extends EventEmitter {
  pid = 4242;
  posted: unknown[] = [];
  killed = 0;
  stdout = new EventEmitter();
  stderr = new EventEmitter();
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed++;
    return true;
  }
}

describe('utility process launcher', () => {
  it('forks the worker entry with the unit label, relays messages and exit details', () => {
    const child = new FakeUtility();
    const calls: unknown[][] = [];
    const launcher = new UtilityLauncher((...args) => {
      calls.push(args);
      return child as unknown as UtilityProcess;
    }, '/app/out/main/worker.js');
    const worker = launcher.launch('precheck');
    expect(calls[0]).toEqual(['/app/out/main/worker.js', ['--cutover-unit', 'precheck'], { serviceName: 'Cutover precheck', stdio: 'pipe', execArgv: [] }]);
    expect(worker.pid).toBe(4242);
    worker.send({ type: 'stop' });
    expect(child.posted).toEqual([{ type: 'stop' }]);
    const received: unknown[] = [];
    worker.onMessage((m) => received.push(m));
    child.emit('message', { type: 'ready' });
    expect(received).toEqual([{ type: 'ready' }]);
    let exit: unknown[] = [];
    worker.onExit((...args) => (exit = args));
    child.stderr.emit('data', Buffer.from('line one\nError: boom\n'));
    child.emit('exit', 3);
    expect(exit).toEqual([3, null, 'line one Error: boom']);
    worker.send({ type: 'stop' });
    worker.kill();
    expect(child.posted).toHaveLength(1);
    expect(child.killed).toBe(0);
    // The replay runs with a larger young generation (see workerV8Flags).
    launcher.launch('incr-sync');
    expect(calls[1][2]).toEqual({ serviceName: 'Cutover incr-sync', stdio: 'pipe', execArgv: ['--max-semi-space-size=64'] });
  });
});
