/**
 * Passwords at rest for the Node hosts (`cutover serve`, the CLI): AES-256-GCM
 * with a random key kept in `<home>/secret.key`, readable by its owner only.
 * Anyone who can read both the key file and state.db can read the passwords,
 * exactly as with an SSH private key; the desktop app uses the OS keychain.
 */

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { SecretStore } from '../host';

export const KEY_FILE = 'secret.key';
export const FILE_PREFIX = 'v1:file:';
export const OS_PREFIX = 'v1:os:';

function loadOrCreateKey(home: string): Buffer {
  const file = join(home, KEY_FILE);
  if (!existsSync(file)) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, randomBytes(32).toString('base64') + '\n');
      closeSync(fd);
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new AppError({
        code: 'secret_store',
        message: `The key file ${file} is readable by other users (mode ${mode.toString(8)}).`,
        workaround: `Run: chmod 600 ${file}`,
      });
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) {
    throw new AppError({
      code: 'secret_store',
      message: `The key file ${file} is damaged (expected 32 bytes of base64).`,
      workaround: 'Restore it from a backup; without it the stored passwords must be entered again.',
    });
  }
  return key;
}

export class FileKeySecretStore implements SecretStore {
  readonly kind = 'key-file' as const;
  private key: Buffer | null = null;

  constructor(private readonly home: string) {}

  private getKey(): Buffer {
    this.key ??= loadOrCreateKey(this.home);
    return this.key;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.getKey(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return FILE_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): string {
    if (sealed.startsWith(OS_PREFIX)) {
      throw new AppError({
        code: 'secret_store',
        message: 'This password was saved by the desktop app in the OS keychain, which the command line and browser host cannot read.',
        workaround: 'Open the data source in the desktop app, or edit it here and enter the password again.',
      });
    }
    if (!sealed.startsWith(FILE_PREFIX)) throw new AppError({ code: 'secret_store', message: 'A stored password has an unknown format.' });
    const raw = Buffer.from(sealed.slice(FILE_PREFIX.length), 'base64');
    try {
      if (raw.length < 28) throw new Error('too short');
      // A fixed 16-byte tag: a shortened tag would make forging a value far cheaper.
      const decipher = createDecipheriv('aes-256-gcm', this.getKey(), raw.subarray(0, 12), { authTagLength: 16 });
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError({
        code: 'secret_store',
        message: `A stored password cannot be decrypted with ${join(this.home, KEY_FILE)}.`,
        workaround: 'The key file was replaced; restore the original, or enter the password again.',
      });
    }
  }
}
