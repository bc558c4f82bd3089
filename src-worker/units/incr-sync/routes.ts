/**
 * Where each source table's changes go: the project's resolved tables with
 * their renames, row filters and column subsets; tables created on the
 * source later are routed by the project's rules, as the precheck would have.
 */

import type { ReplayTable } from '../../../src-shared/contract/units/incr-sync';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import type { ObjectSelection, QualifiedName } from '../../../src-shared/model/objects';
import { formatName, sameName } from '../../../src-shared/settings/object-names';
import { resolveSelection } from '../../../src-shared/settings/selection';

export interface Route {
  source: QualifiedName;
  target: QualifiedName;
  columns: Set<string> | null;
  where: string | null;
  snapshot: BinlogPosition | null;
}

export class Routes {
  private readonly cache = new Map<string, Route | null>();
  private readonly explicit: Route[];

  constructor(
    tables: ReplayTable[],
    /** Rules for tables that appear later; null when new tables are not followed (DDL synchronization off). */
    private readonly selection: ObjectSelection | null,
    /** Source tables the project decided not to migrate (skipped or removed at schema migration). */
    private readonly skipped: QualifiedName[],
  ) {
    this.explicit = tables.map((t) => ({ source: t.source, target: t.target, columns: t.columns ? new Set(t.columns) : null, where: t.where, snapshot: t.snapshot }));
  }

  /** The route of a source table, or null when the project does not migrate it. */
  of(source: QualifiedName): Route | null {
    const key = formatName(source);
    if (this.cache.has(key)) return this.cache.get(key)!;
    const route = this.resolve(source);
    this.cache.set(key, route);
    return route;
  }

  /** Several source tables feed this destination table. */
  isMerged(target: QualifiedName): boolean {
    return this.explicit.filter((r) => sameName(r.target, target)).length > 1;
  }

  /** After a DDL renames or creates tables, routes are worked out again. */
  forget(): void {
    this.cache.clear();
  }

  private resolve(source: QualifiedName): Route | null {
    if (this.skipped.some((s) => sameName(s, source))) return null;
    const explicit = this.explicit.find((r) => sameName(r.source, source));
    if (explicit) return explicit;
    if (!this.selection) return null;
    const preview = resolveSelection(this.selection, [{ database: source.database, name: source.table, kind: 'table' }]);
    const object = preview.objects[0];
    if (!object) return null;
    return { source, target: object.target, columns: object.columns ? new Set(object.columns) : null, where: object.where, snapshot: null };
  }
}
