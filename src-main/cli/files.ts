import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FileOut } from '../../src-shared/contract/ipc';
import { AppError } from '../../src-shared/errors';

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError({
      code: 'not_found',
      message: `Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
      workaround: 'Check the path.',
    });
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, data, { mode: 0o644 });
    renameSync(temporary, path);
  } catch (error) {
    throw new AppError({ code: 'invalid_input', message: `Cannot write ${path}: ${(error as Error).message}.`, workaround: 'Check that the directory exists and is writable.' });
  }
}

/** Writes a file the host made: its text as UTF-8, or its bytes when it came as base64 (a ZIP archive). */
export function writeFileOut(path: string, file: FileOut): void {
  writeAtomically(path, file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : file.content);
}
