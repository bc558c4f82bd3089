/**
 * Process database objects (F-34 step 7, seed 001) as items, each with Run,
 * View Logs (its id is in every log line about it), Skip and Mark as
 * Complete:
 * - the held-back CHECK and FOREIGN KEY constraints, added on the destination;
 * - the hidden key columns (and their unique indexes), dropped there;
 * - each table's AUTO_INCREMENT raised at or above the source's next value;
 * - with reverse incremental, each source trigger on a migrated table: it
 *   would fire again on what the reverse replay writes, so the step stops
 *   until the user runs its drop (its CREATE is kept), skips it or marks it
 *   complete; the reverse replay writes with foreign_key_checks off, so the
 *   source's foreign keys need nothing;
 * - triggers, routines, events and sequences, listed for migration by hand.
 * What the source has is read once, when the step first runs, and kept in
 * the step's facts with every item's state.
 */

import type { SwitchoverConfig, SwitchoverResult } from '../../../src-shared/contract/units/switchover';
import { AppError } from '../../../src-shared/errors';
import { PROJECT_STATUS_LABELS } from '../../../src-shared/model/project';
import type { Facts, ObjectItem, ObjectItemAction, ObjectItemState, SourceInventory } from '../../../src-shared/model/switchover';
import { formatName } from '../../../src-shared/settings/object-names';
import { AUTO_INCREMENT_NOTES, FLAVOURS } from '../../../src-shared/model/flavour';
import type { RunServices } from '../orchestrator/run-context';
import { RunContext } from '../orchestrator/run-context';
import type { SwitchoverRepo } from '../state/repos/switchover-repo';
import { runUnit } from '../workers/run-unit';

const STEP = 'process-objects';
const UNIT_TIMEOUT_MS = 30 * 60_000;
const FINAL: readonly ObjectItemState[] = ['succeeded', 'skipped', 'completed'];
const stateKey = (id: string) => `item:${id}`;
const errorKey = (id: string) => `error:${id}`;

export class ProcessObjects {
  constructor(
    private readonly services: RunServices,
    private readonly repo: SwitchoverRepo,
  ) {}

  private facts(projectId: string): Facts {
    return this.repo.steps(projectId).find((s) => s.step === STEP)?.facts ?? {};
  }

  private async unit<O extends SwitchoverConfig['op']>(config: Extract<SwitchoverConfig, { op: O }>): Promise<Extract<SwitchoverResult, { op: O }>> {
    return (await runUnit(this.services.host.launcher, 'switchover', config, { timeoutMs: UNIT_TIMEOUT_MS })) as Extract<SwitchoverResult, { op: O }>;
  }

  private tables(projectId: string) {
    return this.services.objects.list(projectId).filter((o) => o.kind === 'table' && !o.removed);
  }

  /** What the source has, read the first time the step runs (its facts keep it). */
  async inventoryFacts(projectId: string): Promise<Facts> {
    if (typeof this.facts(projectId).inventory === 'string') return {};
    const tables = this.tables(projectId).map((o) => o.source);
    const { source, destination } = new RunContext(this.services, projectId).connections();
    const [{ op: _op, ...found }, probe] = await Promise.all([
      this.unit<'inventory'>({ op: 'inventory', source, databases: [...new Set(tables.map((t) => t.database))], tables }),
      // The destination as it is now: what its counters mean for the applications depends on its flavour.
      runUnit(this.services.host.launcher, 'probe', { op: 'test', connection: destination }, { timeoutMs: UNIT_TIMEOUT_MS }),
    ]);
    return { inventory: JSON.stringify(found satisfies SourceInventory), destinationFlavour: probe.op === 'test' ? probe.identity.flavour : null };
  }

  /** Every item with its state. */
  items(projectId: string): ObjectItem[] {
    const facts = this.facts(projectId);
    const project = this.services.projects.require(projectId);
    const reverse = project.types.includes('reverse');
    const inventory: SourceInventory = typeof facts.inventory === 'string' ? (JSON.parse(facts.inventory) as SourceInventory) : { triggers: [], routines: [], events: [], sequences: [] };
    const probed = FLAVOURS.find((f) => f === facts.destinationFlavour);
    const flavour = probed ?? this.services.datasources.require(project.destinationId).flavour;
    const note = flavour ? AUTO_INCREMENT_NOTES[flavour] : null;
    const cacheNote = note ? ` ${note}` : '';
    const item = (id: string, kind: ObjectItem['kind'], object: string, action: string, sql: string | null, runnable: boolean, initial: ObjectItemState): ObjectItem => {
      const stored = facts[stateKey(id)];
      const error = facts[errorKey(id)];
      return { id, kind, object, action, sql, runnable, state: typeof stored === 'string' ? (stored as ObjectItemState) : initial, error: typeof error === 'string' ? error : null };
    };
    return [
      ...this.services.schema.deferred(projectId).map((d) =>
        d.kind === 'hidden_key'
          ? item(`${formatName(d.table)} ${d.kind} ${d.name}`, 'hidden-key', formatName(d.table), `Drop the hidden key column ${d.name} and its unique index`, d.ddl, true, 'pending')
          : item(`${formatName(d.table)} ${d.kind} ${d.name}`, 'constraint', formatName(d.table), `Add ${d.kind === 'foreign_key' ? 'FOREIGN KEY' : 'CHECK'} ${d.name}`, d.ddl, true, 'pending'),
      ),
      ...this.tables(projectId).map((o) =>
        item(`${formatName(o.target)} auto_increment`, 'auto-increment', formatName(o.target), `Raise AUTO_INCREMENT to at least the source's next value (${formatName(o.source)}).${cacheNote}`, null, true, 'pending'),
      ),
      ...inventory.triggers.map((t) =>
        reverse
          ? item(`${t.database}.${t.name} source trigger`, 'source-trigger', `${t.database}.${t.name}`, `Drop the source trigger on ${t.table}: it would fire again on what reverse incremental writes (recreate it with: ${t.create})`, `DROP TRIGGER \`${t.database.replaceAll('`', '``')}\`.\`${t.name.replaceAll('`', '``')}\``, true, 'pending')
          : item(`${t.database}.${t.name} trigger`, 'manual', `${t.database}.${t.name}`, `Create the trigger on the destination by hand: ${t.create}`, null, false, 'listed'),
      ),
      ...inventory.routines.map((r) => item(`${r.database}.${r.name} ${r.type.toLowerCase()}`, 'manual', `${r.database}.${r.name}`, `Migrate the ${r.type.toLowerCase()} by hand`, null, false, 'listed')),
      ...inventory.events.map((e) => item(`${e.database}.${e.name} event`, 'manual', `${e.database}.${e.name}`, 'Migrate the event by hand (disabled on the source while it is fenced)', null, false, 'listed')),
      ...inventory.sequences.map((q) => item(`${q.database}.${q.name} sequence`, 'manual', `${q.database}.${q.name}`, 'Migrate the sequence by hand, starting past its current value', null, false, 'listed')),
    ];
  }

  /**
   * Runs the items a Run of the step runs by itself (constraints, hidden
   * keys, counters not done yet); returns their new states and why the step
   * cannot succeed (failed items, source triggers waiting for a decision).
   */
  async runPending(projectId: string): Promise<{ facts: Facts; failures: string[] }> {
    const auto = this.items(projectId).filter((i) => i.kind !== 'source-trigger' && i.runnable && !FINAL.includes(i.state));
    const facts = await this.run(projectId, auto);
    const after = this.items(projectId).map((i) => (typeof facts[stateKey(i.id)] === 'string' ? { ...i, state: facts[stateKey(i.id)] as ObjectItemState, error: (facts[errorKey(i.id)] as string | null) ?? null } : i));
    const failures = [
      ...after.filter((i) => i.state === 'failed').map((i) => `${i.id}: ${i.error ?? 'failed'}`),
      ...after.filter((i) => i.kind === 'source-trigger' && i.state === 'pending').map((i) => `${i.id} would fire again on reverse writes: Run (drop it), Skip or Mark as Complete`),
    ];
    return { facts, failures };
  }

  /** Runs items now, each on its own, logging each outcome under its id; returns their states as facts. */
  private async run(projectId: string, items: ObjectItem[]): Promise<Facts> {
    const facts: Facts = {};
    if (items.length === 0) return facts;
    const { source, destination } = new RunContext(this.services, projectId).connections();
    const byId = new Map(this.tables(projectId).map((o) => [`${formatName(o.target)} auto_increment`, o]));
    const onDestination = items.filter((i) => i.kind === 'constraint' || i.kind === 'hidden-key');
    const counters = items.filter((i) => i.kind === 'auto-increment');
    const triggers = items.filter((i) => i.kind === 'source-trigger');
    const outcomes: { id: string; error: string | null; detail: string }[] = [];
    if (onDestination.length || counters.length) {
      const result = await this.unit<'objects'>({
        op: 'objects',
        source,
        destination,
        statements: onDestination.map((i) => ({ id: i.id, sql: i.sql! })),
        counters: counters.flatMap((i) => {
          const o = byId.get(i.id);
          return o ? [{ source: o.source, target: o.target }] : [];
        }),
      });
      outcomes.push(...result.statements.map((s) => ({ id: s.id, error: s.error, detail: 'ran' })));
      outcomes.push(...result.counters.map((c) => ({ id: `${formatName(c.target)} auto_increment`, error: c.error, detail: c.to === c.from ? `already at ${c.from ?? 'none'}` : `raised from ${c.from ?? 'none'} to ${c.to}` })));
    }
    if (triggers.length) {
      // Statements on the source: the unit runs `statements` on the server it is given as the destination.
      const result = await this.unit<'objects'>({ op: 'objects', source: destination, destination: source, statements: triggers.map((i) => ({ id: i.id, sql: i.sql! })), counters: [] });
      outcomes.push(...result.statements.map((s) => ({ id: s.id, error: s.error, detail: 'dropped on the source' })));
    }
    for (const outcome of outcomes) {
      facts[stateKey(outcome.id)] = outcome.error ? 'failed' : 'succeeded';
      facts[errorKey(outcome.id)] = outcome.error;
      this.services.logs.write(outcome.error ? 'error' : 'info', 'host', `Process database objects: [${outcome.id}] ${outcome.error ? `failed: ${outcome.error}` : outcome.detail}.`, projectId);
    }
    return facts;
  }

  /** Run, Skip or Mark as Complete one item, once the step has run (it stopped, or it is done); journaled as a note on the step. */
  async act(projectId: string, itemId: string, action: ObjectItemAction): Promise<ObjectItem[]> {
    const item = this.items(projectId).find((i) => i.id === itemId);
    if (!item) throw new AppError({ code: 'not_found', message: `Process database objects has no item "${itemId}".`, workaround: 'Reload the list: items are named as it shows them.' });
    const status = this.services.projects.require(projectId).status;
    if (status === 'releasing' || status === 'released') throw new AppError({ code: 'not_allowed', message: `The project is ${PROJECT_STATUS_LABELS[status]}: its switchover's items can no longer be acted on.` });
    const step = this.repo.steps(projectId).find((s) => s.step === STEP);
    if (step?.status !== 'failed' && step?.status !== 'succeeded') {
      throw new AppError({ code: 'not_allowed', message: `Process database objects is ${step?.status ?? 'not in this switchover'}: its items can be acted on once it has run.` });
    }
    if (action === 'run' && !item.runnable) throw new AppError({ code: 'not_allowed', message: `"${item.id}" is for you to do by hand: Mark as Complete once done, or Skip.` });
    if (item.state === 'succeeded') throw new AppError({ code: 'not_allowed', message: `"${item.id}" has already succeeded.` });
    let facts: Facts;
    if (action === 'run') facts = await this.run(projectId, [item]);
    else {
      facts = { [stateKey(item.id)]: action === 'skip' ? 'skipped' : 'completed', [errorKey(item.id)]: null };
      this.services.logs.write('warn', 'host', `Process database objects: [${item.id}] ${action === 'skip' ? 'skipped' : 'marked as complete'} by the user.`, projectId);
    }
    this.repo.apply(projectId, { kind: 'note', step: STEP, facts });
    this.services.events.emit('projects/changed', { id: projectId });
    return this.items(projectId);
  }
}
