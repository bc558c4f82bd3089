/**
 * The boundary every call crosses, whatever the transport: the method must
 * exist, the input must match its schema, and errors come back as data with
 * secrets redacted. Unexpected failures are logged with their stack.
 */

import type { Outcome } from '../../../src-shared/contract/client';
import type { Handlers, Method } from '../../../src-shared/contract/ipc';
import { isMethod, requestSchemas } from '../../../src-shared/contract/ipc';
import { AppError, toErrorData } from '../../../src-shared/errors';
import { describeIssues } from '../../../src-shared/settings/issues';
import { FIELD_LABELS } from '../../../src-shared/contract/field-labels';
import type { Redactor } from '../redactor';
import type { LogService } from '../services/logs';

export type Dispatch = (method: unknown, input: unknown) => Promise<Outcome<unknown>>;

export function createDispatcher(handlers: Handlers, redactor: Redactor, logs: LogService): Dispatch {
  return async (method, input) => {
    try {
      if (!isMethod(method)) {
        throw new AppError({ code: 'invalid_input', message: `Unknown method ${JSON.stringify(method)}.` });
      }
      const parsed = requestSchemas[method].safeParse(input ?? {});
      if (!parsed.success) {
        const details = describeIssues(parsed.error, input, FIELD_LABELS);
        throw new AppError({ code: 'invalid_input', message: `Invalid ${method} request: ${details.join('; ')}.`, details });
      }
      const handler = handlers[method] as (value: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      const data = toErrorData(error);
      if (!(error instanceof AppError)) {
        logs.write('error', 'host', `${String(method)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      return {
        ok: false,
        error: {
          ...data,
          message: redactor.redact(data.message),
          ...(data.details ? { details: data.details.map((d) => redactor.redact(d)) } : {}),
        },
      };
    }
  };
}

/** Calls a method in-process and throws its error: for the CLI, which runs the core itself. */
export async function call<M extends Method>(dispatch: Dispatch, method: M, input: unknown): Promise<Awaited<ReturnType<Handlers[M]>>> {
  const outcome = await dispatch(method, input);
  if (!outcome.ok) throw AppError.from(outcome.error);
  return outcome.result as Awaited<ReturnType<Handlers[M]>>;
}
