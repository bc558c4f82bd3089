/**
 * Passwords at rest in the desktop app: sealed by the OS keychain through
 * Electron's safeStorage. Where the OS offers no real keychain (safeStorage
 * unavailable, or Linux's plain-text fallback), the key-file store is used, as
 * in the Node hosts. Passwords sealed by either can be opened here.
 */

import type { SafeStorage } from 'electron';
import { AppError } from '../../src-shared/errors';
import type { SecretStore } from '../core/host';
import { FileKeySecretStore, FILE_PREFIX, OS_PREFIX } from '../core/secrets/file-key-store';

export function osKeychainUsable(safeStorage: SafeStorage): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (process.platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
    return safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }
  return true;
}

export function createDesktopSecretStore(safeStorage: SafeStorage, home: string): SecretStore {
  const fileStore = new FileKeySecretStore(home);
  if (!osKeychainUsable(safeStorage)) return fileStore;
  return {
    kind: 'os-keychain',
    seal: (plain) => OS_PREFIX + safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => {
      if (sealed.startsWith(FILE_PREFIX)) return fileStore.open(sealed);
      if (!sealed.startsWith(OS_PREFIX)) throw new AppError({ code: 'secret_store', message: 'A stored password has an unknown format.' });
      try {
        return safeStorage.decryptString(Buffer.from(sealed.slice(OS_PREFIX.length), 'base64'));
      } catch {
        throw new AppError({
          code: 'secret_store',
          message: 'The OS keychain cannot decrypt a stored password (it was saved by another user or machine).',
          workaround: 'Edit the data source and enter its password again.',
        });
      }
    },
  };
}
