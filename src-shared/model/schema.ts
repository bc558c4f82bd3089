/**
 * Schema migration (F-30): the objects the Schema stage creates on the
 * destination, their DDL, status and the destination's answer, and the
 * conversion report that lists every definition the destination changes.
 */

import type { QualifiedName } from './objects';

export const SCHEMA_OBJECT_KINDS = ['database', 'table', 'view'] as const;
export type SchemaObjectKind = (typeof SCHEMA_OBJECT_KINDS)[number];

export const SCHEMA_OBJECT_STATUSES = ['pending', 'running', 'created', 'exists', 'failed', 'skipped', 'removed'] as const;
export type SchemaObjectStatus = (typeof SCHEMA_OBJECT_STATUSES)[number];

export const SCHEMA_OBJECT_STATUS_LABELS: Record<SchemaObjectStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  created: 'Created',
  exists: 'Already exists',
  failed: 'Failed',
  skipped: 'Skipped',
  removed: 'Removed',
};

/** One change a conversion made to a definition, as shown in the conversion report. */
export interface ConversionNote {
  /** `db.table`, `db.table.column`, `db.table index ix_name`, `db.view`. */
  object: string;
  /** What the source had, e.g. `utf8mb4_0900_ai_ci` or `FULLTEXT INDEX ft_body (body)`. */
  from: string;
  /** What the destination gets, e.g. `utf8mb4_general_ci`, or `(left out)`. */
  to: string;
  /** True when information is lost (a value could differ, an index disappears). */
  lossy: boolean;
  /** Why, in words; with a documentation reference where one exists. */
  reason: string;
}

export interface SchemaObject {
  id: number;
  kind: SchemaObjectKind;
  source: QualifiedName;
  target: QualifiedName;
  status: SchemaObjectStatus;
  /** The DDL run (or to run) on the destination; after "modify and retry", the user's text. */
  ddl: string;
  /** The DDL as converted, before any modification by the user. */
  convertedDdl: string;
  errorCode: number | null;
  errorMessage: string | null;
  notes: ConversionNote[];
  startedAt: string | null;
  endedAt: string | null;
}

export const INDEX_STATUSES = ['pending', 'running', 'created', 'failed', 'removed'] as const;
export type IndexStatus = (typeof INDEX_STATUSES)[number];

/** A secondary index, created after its table's data (Table Indexes tab). */
export interface TableIndex {
  id: number;
  table: QualifiedName;
  sourceTable: QualifiedName;
  name: string;
  ddl: string;
  status: IndexStatus;
  startedAt: string | null;
  endedAt: string | null;
  error: string | null;
}

export const DEFERRED_KINDS = ['check', 'foreign_key', 'hidden_key'] as const;
export type DeferredKind = (typeof DEFERRED_KINDS)[number];

/** What the schema stage holds back for the forward switchover: constraints to add, hidden keys to drop. */
export interface DeferredConstraint {
  table: QualifiedName;
  kind: DeferredKind;
  name: string;
  /** The DDL the switchover runs: ADD CONSTRAINT for checks and foreign keys, DROP for hidden keys. */
  ddl: string;
}
