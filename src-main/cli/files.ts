import { readFileSync, renameSync, writeFileSync } from 'node:fs';
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
export function writeTextFile(path: string, content: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, content, { mode: 0o644 });
    renameSync(temporary, path);
  } catch (error) {
    throw new AppError({ code: 'invalid_input', message: `Cannot write ${path}: ${(error as Error).message}.`, workaround: 'Check that the directory exists and is writable.' });
  }
}
