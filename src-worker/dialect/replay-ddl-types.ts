/**
 * What the incremental replay asks of a DDL statement read from the binlog,
 * and the answer: the statement to run on the destination, or why it is not
 * replayed. planReplayDdl (replay-ddl.ts) gives the answer.
 */

import type { QualifiedName } from '../../src-shared/model/objects';
import type { FlavourProfile } from './profiles';

export type ReplayDdlKind = 'create_table' | 'drop_table' | 'rename_table' | 'alter_table' | 'truncate' | 'create_index' | 'drop_index';

export interface ReplayDdlContext {
  /** The session's default database when the statement ran (binlog Query event schema), or null. */
  defaultDatabase: string | null;
  /** Where a source table goes on the destination, or null when the project does not migrate it. */
  target(source: QualifiedName): QualifiedName | null;
  /** True when several source tables feed this destination table (a merge): DDL on it is not replayed. */
  isMerged(target: QualifiedName): boolean;
  from: FlavourProfile;
  to: FlavourProfile;
}

export type ReplayDdl =
  | {
      action: 'apply';
      kind: ReplayDdlKind;
      /** The statement to run on the destination: every table name fully qualified with backticks. */
      statement: string;
      /** Source tables the statement touches and their destination names (for a rename: old and new). */
      tables: { source: QualifiedName; target: QualifiedName }[];
      /** What was changed in the statement and why (charset folded, engine dropped...), for the log. */
      notes: string[];
    }
  | { action: 'ignore'; kind: ReplayDdlKind | 'other'; reason: string };
