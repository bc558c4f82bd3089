/**
 * A list of ids in a request, each at most once: a request that names a
 * project twice is refused with the repeat named, in one pass over the list.
 */

import { z } from 'zod';
import { quoteForMessage } from '../text';

/** At least one id, at most `max`, none twice. */
export function uniqueIdList(id: z.ZodString, max: number) {
  return z
    .array(id)
    .min(1)
    .max(max)
    .superRefine((ids, ctx) => {
      const first = new Map<string, number>();
      for (const [index, value] of ids.entries()) {
        const earlier = first.get(value);
        if (earlier === undefined) first.set(value, index);
        else ctx.addIssue({ code: 'custom', path: [index], message: `${quoteForMessage(value)} is already at [${earlier}]; give each id once`, input: value });
      }
    });
}
