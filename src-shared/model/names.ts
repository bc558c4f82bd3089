/**
 * The characters a name of ours (a project, a data source, a tag) may hold, as
 * a zod refinement, so that the API, the project file and the CLI refuse the
 * same names with the same message.
 */

import type { z } from 'zod';
import { nameCharacterProblem } from '../text';

/**
 * The names nameCharacterProblem accepts, as a pattern: it is what the published
 * JSON Schema of project files shows editors. The check itself comes first and
 * says which character is wrong; this pattern then never fails on its own.
 */
export const NAME_CHARACTERS = /^(?! )(?!.* $)[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]*$/u;

/** Params of a custom issue whose message reads after the field's name: `"name" contains ...`. */
export const FIELD_MESSAGE = { fieldMessage: true } as const;

/**
 * Adds one issue saying which character is refused, where, and what to do. The
 * issue ends the checks of the value: a pattern check after it would only repeat it.
 */
export function addNameCharacterIssue(value: string, ctx: z.RefinementCtx<string>): void {
  const problem = nameCharacterProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, params: FIELD_MESSAGE, input: value, continue: false });
}
