/**
 * Where each logged table's changes are written: its route (renames, row
 * filter, column subset) and its destination table, looked up once per
 * logged table so that building a round waits for nothing per change.
 * Forgotten after a recovery or an applied DDL, which may change either.
 */

import type { DmlType } from '../../../src-shared/model/options';
import { compareBinlogPositions } from '../../../src-shared/model/incremental';
import type { LoggedChange, LoggedTable } from '../../changelog/reader';
import type { DestinationTables } from './destination-tables';
import type { Route, Routes } from './routes';
import type { TargetTable } from './target-table';
import { targetTable } from './target-table';

export class ChangeTargets {
  private readonly routesById = new Map<number, Route | null>();
  private readonly targetsById = new Map<number, TargetTable>();

  constructor(
    private readonly routes: Routes,
    private readonly tables: DestinationTables,
    private readonly dmlTypes: readonly DmlType[],
  ) {}

  /** The route of a logged table, or null when the project does not migrate it. */
  routeOf(table: LoggedTable): Route | null {
    let route = this.routesById.get(table.id);
    if (route === undefined) {
      route = this.routes.of({ database: table.database, table: table.name });
      this.routesById.set(table.id, route);
    }
    return route;
  }

  /** The route of a row change the replay writes; null for one it passes over (not a row change, table not migrated, DML type off, or inside its table's snapshot). */
  writtenRoute(change: LoggedChange): Route | null {
    if (change.kind === 'heartbeat' || change.kind === 'ddl' || !change.table) return null;
    const route = this.routeOf(change.table);
    if (!route || !this.dmlTypes.includes(change.kind)) return null;
    // A table copied whole in one snapshot already holds the changes up to that snapshot.
    if (route.snapshot && compareBinlogPositions(change.position, route.snapshot) <= 0) return null;
    return route;
  }

  /** Looks up the destination tables of the written changes up to the next DDL (a DDL may change them). */
  async load(changes: LoggedChange[]): Promise<void> {
    for (const change of changes) {
      if (change.kind === 'ddl') break;
      const route = this.writtenRoute(change);
      if (!route || this.targetsById.has(change.table!.id)) continue;
      this.targetsById.set(change.table!.id, targetTable(change.table!, route, await this.tables.get(route.target)));
    }
  }

  /** The destination table of a written change, once `load` has seen it. */
  targetOf(change: LoggedChange): TargetTable {
    return this.targetsById.get(change.table!.id)!;
  }

  forget(): void {
    this.routesById.clear();
    this.targetsById.clear();
    this.tables.forgetAll();
  }
}
