/**
 * Delta verification (F-34 "proof of drain"): once the write fence is up and
 * the replay has committed past the drain token, every table the change log
 * shows changed since full verification began is verified again, whole, by
 * the Full-Verification unit against a quiet source. Tables that did not
 * change keep full verification's verdict. Together they give the
 * certificate: source and destination identical at the fence position.
 */

import type { VerifyConfig, VerifyTableTask } from '../../../src-shared/contract/units/verify';
import type { QualifiedName } from '../../../src-shared/model';
import type { Certificate } from '../../../src-shared/model/switchover';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { formatBinlogPosition } from '../../../src-shared/model/incremental';
import { formatName } from '../../../src-shared/settings/object-names';
import { DIFFERENCE_CAP, verifyGroups, verifySlots } from '../orchestrator/stages/verification-stage';
import { changeLogPath } from '../orchestrator/stages/capture';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import { resolveRun } from '../orchestrator/run-objects';
import { runUnit } from '../workers/run-unit';

const UNIT_TIMEOUT_MS = 6 * 60 * 60_000;
/** Differing rows kept to show the user; the count is exact. */
const SHOWN = 5;
/** A keyless table is compared row by row (in its differing hash buckets) up to this many rows. */
const KEYLESS_ROW_LIMIT = 250_000;

/** How much was verified again, and how long it took. */
interface DeltaWork {
  tables: number;
  rows: number;
  durationMs: number;
}

export type DeltaOutcome = DeltaWork &
  (
    | { kind: 'certified'; certificate: Certificate }
    /** Not every table could be shown identical: what differs, or could not be verified, in words. */
    | { kind: 'differs'; problems: string[]; differingRows: number }
  );

/** The tables changed after `from` (by source name); null: any may have (no baseline, or the log no longer reaches back). */
async function changedTables(services: RunServices, projectId: string, from: BinlogPosition | null): Promise<Map<string, number> | null> {
  if (!from) return null;
  const found = await runUnit(services.host.launcher, 'changelog', { op: 'tables-after', logPath: changeLogPath(services.host.home, projectId), position: from });
  if (!found.changedTables) return null;
  return new Map(found.changedTables.map((t) => [formatName(t), t.changes]));
}

/**
 * Verifies the changed tables. `live`: the rehearsal's run, while writes go
 * on (differences wait for the replay as in full verification, and only the
 * time counts).
 */
export async function deltaVerify(services: RunServices, projectId: string, at: { source: BinlogPosition; destination: BinlogPosition | null }, live = false): Promise<DeltaOutcome> {
  const started = Date.now();
  const context = new RunContext(services, projectId);
  const changed = await changedTables(services, projectId, services.incremental.verifyFrom(projectId));
  const groups = verifyGroups(context);
  const changesOf = (sources: QualifiedName[]) => (changed ? sources.reduce((n, s) => n + (changed.get(formatName(s)) ?? 0), 0) : null);
  // A table full verification never saw (added while the project ran, F-17) has no verdict to keep.
  const verified = new Set(services.verify.tables(projectId).map((t) => t.id));
  const again = groups.filter((g) => changed === null || !verified.has(g.id) || changesOf(g.sources)! > 0);
  const tasks: VerifyTableTask[] = again.map((g) => ({
    id: g.id,
    target: g.target,
    sources: g.members.map((m) => ({ source: m.source, where: m.where })),
    columns: g.members[0].columns,
    key: g.members[0].key,
    rowsEstimated: g.rowsEstimated,
    checkpoint: null,
    records: null,
    differencesSoFar: 0,
  }));
  const { flavours } = await resolveRun(context);
  const project = context.project;
  const config: VerifyConfig = {
    ...context.serverPair(flavours),
    tables: tasks,
    slots: verifySlots(project.options.verifyConcurrency),
    rpsLimit: null,
    differenceCap: DIFFERENCE_CAP,
    keylessRowLimit: KEYLESS_ROW_LIMIT,
    // Writes are fenced and the replay has drained: the source is quiet, every difference is final.
    replay: live ? { projectId, lagLimitMs: 30_000, waitCapMs: 30_000 } : null,
  };
  const rows = new Map<string, number>();
  const problems: string[] = [];
  let differingRows = 0;
  if (tasks.length) {
    await runUnit(services.host.launcher, 'verify', config, {
      timeoutMs: UNIT_TIMEOUT_MS,
      onEvent: (event) => {
        if (event.type === 'table') {
          rows.set(event.id, event.rowsVerified);
          if (event.status === 'unverifiable' || event.status === 'failed' || event.status === 'capped') problems.push(`${event.id} ${event.status === 'capped' ? 'has too many differences' : `could not be verified: ${event.reason ?? 'unknown'}`}`);
        } else if (event.type === 'differences') {
          differingRows += event.rows.length;
          for (const row of event.rows.slice(0, Math.max(0, SHOWN - problems.length))) {
            problems.push(`${event.id}${row.key ? ` key ${row.key.join(',')}` : ''}: ${row.category}${row.columns.length ? ` (${row.columns.join(', ')})` : ''}`);
          }
        }
      },
    });
  }
  const work: DeltaWork = { tables: again.length, rows: [...rows.values()].reduce((n, r) => n + r, 0), durationMs: Date.now() - started };
  if (problems.length || differingRows) return { ...work, kind: 'differs', problems, differingRows };
  if (!live) services.logs.write(
    'info',
    'full-verification',
    `Delta verification: ${again.length} changed table(s) identical at ${formatBinlogPosition(at.source)}; ${groups.length - again.length} unchanged table(s) keep full verification's verdict.`,
    projectId,
  );
  return {
    ...work,
    kind: 'certified',
    certificate: {
      project: { id: projectId, name: project.name },
      source: services.datasources.require(project.sourceId).name,
      destination: services.datasources.require(project.destinationId).name,
      sourcePosition: at.source,
      destinationPosition: at.destination,
      issuedAt: new Date().toISOString(),
      verified: again.map((g) => ({ table: g.id, rows: rows.get(g.id) ?? 0, changes: changesOf(g.sources) })),
      carried: groups.filter((g) => !again.includes(g)).map((g) => g.id),
      durationMs: work.durationMs,
    },
  };
}
