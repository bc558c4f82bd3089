/**
 * Schema migration stage (F-30). The first run plans and creates everything;
 * later runs (resume, retry) run only the objects that are pending or failed,
 * with their DDL as the user may have modified it. The stage fails while any
 * object is failed: the user fixes, skips or removes it, then resumes.
 */

import { schemaObjectName } from '../../../../src-shared/lifecycle/schema-objects';
import type { ResolvedRunObject } from '../../../../src-shared/contract/units/probe';
import type { MigrationType, QualifiedName } from '../../../../src-shared/model';
import { formatName } from '../../../../src-shared/settings/object-names';
import { runUnit } from '../../workers/run-unit';
import type { RunContext } from '../run-context';
import type { EndpointFlavours } from '../run-objects';
import type { StageOutcome } from './outcome';

/**
 * Below this many rows a table's secondary indexes are created with it,
 * before its data: one statement less per table, and keeping them up while
 * so few rows load costs less than a build afterwards. Larger tables get
 * them built after their data. Measured on MariaDB (`npm run bench --
 * indexes`, two secondary indexes): with the table is 0.69 of the time at
 * 500 rows, 1.17 at 5,000, 1.93 at 1,000,000.
 */
export const INLINE_INDEX_ROWS = 2_000;

/**
 * What the schema unit plans for each object: tables without a usable key get
 * the hidden key; small tables their indexes inline; and, when a replay
 * follows the copy (the source is written meanwhile), every table its unique
 * indexes inline, so that the copy REPLACEs on them and never leaves two rows
 * with one unique value for an index build to refuse (the replay then brings
 * back what a REPLACE removed).
 */
export function planObjects(objects: ResolvedRunObject[], types: readonly MigrationType[]) {
  const replayFollows = types.includes('incremental');
  return objects.map((o) => ({
    kind: o.kind,
    source: o.source,
    target: o.target,
    columns: o.columns,
    hiddenKey: o.kind === 'table' && !o.uniqueKey,
    inlineIndexes: o.kind === 'table' && o.rowsEstimated !== null && o.rowsEstimated < INLINE_INDEX_ROWS,
    inlineUniqueIndexes: o.kind === 'table' && replayFollows,
  }));
}

/**
 * Objects not planned yet are planned and created; the planned ones that are
 * pending or failed run again. `scope` limits it to some source objects (the
 * tables added to a running project).
 */
export async function runSchemaStage(context: RunContext, flavours: EndpointFlavours, scope: (source: QualifiedName) => boolean = () => true): Promise<StageOutcome> {
  const { services, projectId } = context;
  const { source, destination } = context.connections();
  const now = () => new Date().toISOString();
  const planned = new Set(services.schema.objects(projectId).map((o) => formatName(o.source)));
  const unplanned = services.objects.list(projectId).filter((o) => !o.removed && scope(o.source) && !planned.has(formatName(o.source)));
  const inScope = () => services.schema.objects(projectId).filter((o) => scope(o.source));

  if (unplanned.length) {
    const objects = unplanned;
    await runUnit(
      context.launcher,
      'schema',
      {
        op: 'create',
        source,
        destination,
        sourceFlavour: flavours.source,
        destinationFlavour: flavours.destination,
        objects: planObjects(objects, context.project.types),
        dryRun: false,
      },
      {
        onEvent: (event) => {
          if (event.type === 'planned') services.schema.savePlan(projectId, event.objects);
          else if (event.type === 'object') services.schema.setOutcome(projectId, event.kind, event.target, event.status, event.errorCode, event.errorMessage, now());
          context.progress();
        },
        onLog: (level, message) => services.logs.write(level, 'schema', message, projectId),
      },
    );
  } else {
    const pending = inScope().filter((o) => o.status === 'pending' || o.status === 'failed' || o.status === 'running');
    if (pending.length) {
      await runUnit(
        context.launcher,
        'schema',
        { op: 'execute', destination, statements: pending.map((o) => ({ id: o.id, ddl: o.ddl, database: null })) },
        {
          onEvent: (event) => {
            if (event.type === 'statement') services.schema.setOutcomeById(projectId, event.id, event.status, event.errorCode, event.errorMessage, now());
            context.progress();
          },
        },
      );
    }
  }

  const failed = inScope().filter((o) => o.status === 'failed');
  if (failed.length === 0) return { kind: 'completed' };
  const first = failed[0];
  return {
    kind: 'failed',
    error:
      `${failed.length} schema object${failed.length === 1 ? '' : 's'} failed, first ${schemaObjectName(first.kind, first.target)}: ${first.errorMessage ?? 'unknown error'}. ` +
      'On the Schema Migration page, modify the DDL and retry, skip, or remove each failed object, then resume the project.',
  };
}
