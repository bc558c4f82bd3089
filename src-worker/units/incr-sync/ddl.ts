/**
 * DDL in the replay (F-32): a captured statement is converted for the
 * destination (names mapped, character sets and engines adapted, FOREIGN
 * KEY and CHECK held back for the switchover) and run alone, between rounds.
 * What is not synchronized is said, with the reason.
 */

import type { QualifiedName } from '../../../src-shared/model/objects';
import { planReplayDdl } from '../../dialect/replay-ddl';
import type { ReplayDdl } from '../../dialect/replay-ddl';
import type { FlavourProfile } from '../../dialect/profiles';
import type { Routes } from './routes';

/** Errors that mean a DDL interrupted by a crash had already run: table exists / unknown table / duplicate column or key / nothing to drop / unknown column. */
const ALREADY_APPLIED = new Set([1050, 1051, 1054, 1060, 1061, 1091, 1146]);

export function isAlreadyApplied(error: unknown): boolean {
  return ALREADY_APPLIED.has((error as { errno?: number }).errno ?? 0);
}

/** `to`: the live destination's profile (its release, edition and collations), as the schema migration used. */
export function planDdl(statement: string, database: string | null, routes: Routes, from: FlavourProfile, to: FlavourProfile): ReplayDdl {
  return planReplayDdl(statement, {
    defaultDatabase: database,
    target: (source: QualifiedName) => routes.of(source)?.target ?? null,
    isMerged: (target: QualifiedName) => routes.isMerged(target),
    from,
    to,
  });
}
