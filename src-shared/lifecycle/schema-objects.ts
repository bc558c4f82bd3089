/**
 * What can be done to a schema object in which status (F-30): objects already
 * on the destination cannot change here; failed and pending ones can be
 * modified, retried, skipped or removed; a skipped one can be retried.
 * The Schema Migration page and the host both decide with this table.
 */

import type { QualifiedName } from '../model/objects';
import type { SchemaObject, SchemaObjectStatus } from '../model/schema';
import { SCHEMA_OBJECT_STATUS_LABELS } from '../model/schema';
import { formatName, formatPart } from '../settings/object-names';
import type { Verdict } from './project-lifecycle';

export const SCHEMA_OBJECT_ACTIONS = ['modify', 'retry', 'skip', 'remove'] as const;
export type SchemaObjectAction = (typeof SCHEMA_OBJECT_ACTIONS)[number];

const ALLOWED: Record<SchemaObjectAction, readonly SchemaObjectStatus[]> = {
  modify: ['failed', 'pending', 'skipped'],
  retry: ['failed', 'pending', 'skipped'],
  skip: ['failed', 'pending'],
  remove: ['failed', 'pending'],
};

export function schemaActionVerdict(action: SchemaObjectAction, object: Pick<SchemaObject, 'status'>): Verdict {
  if (ALLOWED[action].includes(object.status)) return { allowed: true };
  const allowed = ALLOWED[action].map((s) => SCHEMA_OBJECT_STATUS_LABELS[s].toLowerCase()).join(', ');
  return { allowed: false, reason: `only ${allowed} objects can be changed this way; this one is ${SCHEMA_OBJECT_STATUS_LABELS[object.status].toLowerCase()}` };
}

/** `db` for a database (its table part is empty), `db.table` otherwise. */
export function schemaObjectName(kind: SchemaObject['kind'], name: QualifiedName): string {
  return kind === 'database' ? formatPart(name.database) : formatName(name);
}
