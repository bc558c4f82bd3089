/**
 * Errors that cross a process boundary carry a stable code, a message that says
 * what is wrong, and a workaround that says what to do. Callers branch on the
 * code, never on the message text.
 */

export const ERROR_CODES = [
  // input and state
  'invalid_input',
  'invalid_file',
  'not_found',
  'conflict',
  'not_allowed',
  'state_too_new',
  'state_unreadable',
  // connections
  'connection_refused',
  'host_not_found',
  'auth_failed',
  'tls_failed',
  'timeout',
  'unknown_database',
  'connect_failed',
  'unsupported_server',
  // incremental synchronization
  'binlog_purged',
  'ddl_failed',
  // workers and internals
  /** Another Cutover process took the project over: this one must write nothing more for it. */
  'lease_lost',
  'worker_failed',
  'secret_store',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The plain shape of an error as it travels over IPC, WebSocket and worker messages. */
export interface AppErrorData {
  code: ErrorCode;
  message: string;
  workaround?: string;
  retryable?: boolean;
  /** One entry per problem found, e.g. `file.csv:3: source_table is empty`. */
  details?: string[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly workaround?: string;
  readonly retryable: boolean;
  readonly details?: string[];

  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'AppError';
    this.code = data.code;
    this.workaround = data.workaround;
    this.retryable = data.retryable ?? false;
    this.details = data.details;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.workaround) data.workaround = this.workaround;
    if (this.details?.length) data.details = this.details;
    return data;
  }

  static from(data: AppErrorData): AppError {
    return new AppError(data);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Converts anything thrown into the transportable shape; unknown errors become `internal`. */
export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  if (isAppErrorData(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, retryable: false };
}

export function isAppErrorData(value: unknown): value is AppErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string';
}

/** One line for a terminal or a toast: message, then what to do. */
export function formatError(data: AppErrorData): string {
  return data.workaround ? `${data.message} ${data.workaround}` : data.message;
}

export function notFound(what: string, workaround?: string): AppError {
  return new AppError({ code: 'not_found', message: `${what} does not exist.`, workaround });
}

export function invalidInput(message: string, details?: string[], workaround?: string): AppError {
  return new AppError({ code: 'invalid_input', message, details, workaround });
}
