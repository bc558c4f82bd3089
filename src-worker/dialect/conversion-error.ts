import { AppError } from '../../src-shared/errors';

/** Turns anything a converter trips over into an error that names the object. */
export function conversionError(object: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError({
    code: 'unsupported_server',
    message: `Cannot convert ${object}: ${(error as Error).message}`,
    workaround: 'Check the definition on the source; if it is valid there, create the object on the destination by hand and skip it.',
  });
}
