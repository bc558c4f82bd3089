/** Shared steps of the incremental tests: positions, waiting for the replay to catch up, comparing every table of the load. */

import type { RowDataPacket } from 'mysql2/promise';
import { expect } from 'vitest';
import { call } from '../../src-main/core/api/dispatch';
import type { CoreApp } from '../../src-main/core/app';
import type { ComponentKind, StageId, StageStatus } from '../../src-shared/model';
import type { ProjectDraftInput } from '../../src-shared/settings/project-schema';
import type { BinlogPosition } from '../../src-shared/model/incremental';
import { compareBinlogPositions } from '../../src-shared/model/incremental';
import type { ServerEndpoint } from '../harness/mariadb';
import { compareTable, isIdentical } from './compare';
import { rootConnection } from './helpers';
import { LOAD_TABLES, MEMBERS_COLUMNS, MEMBERS_FILTER } from './live-load';

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function sourcePosition(server: ServerEndpoint): Promise<BinlogPosition> {
  const connection = await rootConnection(server);
  try {
    const [rows] = await connection.query<RowDataPacket[]>('SHOW MASTER STATUS');
    return { file: String(rows[0].File), pos: Number(rows[0].Position), gtid: null };
  } finally {
    await connection.end();
  }
}

/** The process id of a project's running component, as its host recorded it; null when none runs. */
export function componentPid(core: CoreApp, projectId: string, kind: ComponentKind): number | null {
  const row = core.services.db.prepare('SELECT pid FROM components WHERE project_id = ? AND kind = ?').get(projectId, kind) as { pid: number | null } | undefined;
  return row?.pid ?? null;
}

/** Waits until a stage reaches a status; fails at once, with the stage's error, when the project fails. */
export async function waitForStage(core: CoreApp, projectId: string, stage: StageId, status: StageStatus, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    async () => {
      const project = await call(core.dispatch, 'projects/get', { id: projectId });
      if (project.status === 'failed') throw new Error(`the project failed: ${project.stages.map((s) => s.error).filter(Boolean).join('; ')}`);
      return project.stages.find((s) => s.stage === stage)?.status === status;
    },
    `${stage}:${status}`,
    timeoutMs,
  );
}

/** Waits until the replay has committed everything the source had written at `position`. */
export async function waitCaughtUp(core: CoreApp, projectId: string, position: BinlogPosition, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    async () => {
      const status = await call(core.dispatch, 'incremental/status', { id: projectId });
      const project = await call(core.dispatch, 'projects/get', { id: projectId });
      if (project.status === 'failed') throw new Error(`the project failed: ${project.stages.map((s) => s.error).filter(Boolean).join('; ')}`);
      return status.checkpoint !== null && compareBinlogPositions(status.checkpoint, position) >= 0;
    },
    `the replay to reach ${position.file}:${position.pos}`,
    timeoutMs,
  );
}

/** Every table of the live load is identical on both sides (members through its filter and subset). */
export async function expectLoadIdentical(source: ServerEndpoint, destination: ServerEndpoint, database: string, targets: Record<string, string> = {}): Promise<void> {
  for (const table of LOAD_TABLES) {
    const options = table === 'members' ? { where: MEMBERS_FILTER, columns: MEMBERS_COLUMNS } : {};
    const diff = await compareTable(source, { database, table }, destination, { database, table: targets[table] ?? table }, options);
    const sample = { ...diff, missing: diff.missing.slice(0, 3), extra: diff.extra.slice(0, 3), different: diff.different.slice(0, 3) };
    expect(isIdentical(diff), `${table}: ${JSON.stringify(sample)}`).toBe(true);
  }
}

/** Two data sources for the servers and a project between them (schema + full + incremental unless told otherwise); returns the project's id. */
export async function createIncrementalProject(
  core: CoreApp,
  name: string,
  servers: { from: ServerEndpoint; to: ServerEndpoint },
  objects: ProjectDraftInput['objects'],
  options: ProjectDraftInput['options'],
  types: ProjectDraftInput['types'] = ['schema', 'full', 'incremental'],
): Promise<string> {
  const { from, to } = servers;
  const src = await call(core.dispatch, 'datasources/create', { name: `${name}-src`, host: from.host, port: from.port, user: from.user, password: from.password });
  const dst = await call(core.dispatch, 'datasources/create', { name: `${name}-dst`, host: to.host, port: to.port, user: to.user, password: to.password });
  const project = await call(core.dispatch, 'projects/create', { name, types, sourceId: src.id, destinationId: dst.id, objects, options });
  return project.id;
}
