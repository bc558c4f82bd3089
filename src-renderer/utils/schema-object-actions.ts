/**
 * The page's view of the shared schema object rules: which rows can be
 * selected for the batch actions (those any action applies to).
 */
import { schemaActionVerdict } from '../../src-shared/lifecycle/schema-objects';
import type { SchemaObject } from '../../src-shared/model/schema';

export { schemaObjectName as objectName } from '../../src-shared/lifecycle/schema-objects';
export type { SchemaObjectAction } from '../../src-shared/lifecycle/schema-objects';

/** Rows that Skip and Remove (the batch actions) apply to. */
export function isActionable(object: Pick<SchemaObject, 'status'>): boolean {
  return schemaActionVerdict('skip', object).allowed;
}
