/**
 * Incr-Sync (F-32): replays the Store's change log on the destination, in
 * rounds. A round is a stretch of captured changes split over the apply
 * lanes by key (ordering keys stay on one lane); each lane commits its share
 * together with its checkpoint row. A DDL is a round of its own. While the
 * lanes apply one round, the next is read and built (never past a DDL), so
 * the log's decoding overlaps the destination's work. After any failure the
 * lanes are reset, the checkpoint is read back from the destination, and the
 * replay continues from what is committed there — the uncertain stretch in
 * safe mode — so nothing is lost or applied twice.
 */

import type { Connection } from 'mysql2/promise';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { IncrSyncConfig } from '../../../src-shared/contract/units/incr-sync';
import { AppError } from '../../../src-shared/errors';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { compareBinlogPositions } from '../../../src-shared/model/incremental';
import { formatName } from '../../../src-shared/settings/object-names';
import type { LoggedChange } from '../../changelog/reader';
import { ChangeLogReader } from '../../changelog/reader';
import type { Image } from '../../changelog/values';
import { connect } from '../../mysql/connect';
import { describeSqlError, isTransient } from '../../mysql/transient';
import { WriterFence } from '../../mysql/writer-fence';
import type { FlavourProfile } from '../../dialect/profiles';
import { profileOf } from '../../dialect/profiles';
import { destinationProfile } from '../../mysql/inspector';
import { liftStatementTimeouts } from '../../mysql/sessions';
import { Meter } from '../../runtime/meter';
import type { Unit, UnitContext } from '../../runtime/unit';
import type { CheckpointPoint, Recovered } from './checkpoint';
import { ReplayCheckpoint } from './checkpoint';
import { isAlreadyApplied, planDdl } from './ddl';
import { ChangeTargets } from './change-targets';
import { DestinationTables } from './destination-tables';
import { Lane } from './lane';
import type { TextColumn } from './collation-keys';
import { CollationKeys } from './collation-keys';
import type { TextKey } from './lanes-plan';
import { LanePlan, uniqueTexts } from './lanes-plan';
import { Latency } from './latency';
import type { FilteredChange, Op } from './ops';
import { opsFor, targetRow } from './ops';
import type { Route } from './routes';
import { Routes } from './routes';
import { RowFilters } from './row-filters';
import { statementsFor } from './sql';
import { SyncStats } from './sync-stats';

type Context = UnitContext<'incr-sync'>;

/** Changes read from the log at a time; a round never spans more. */
const PAGE = 5000;
/**
 * Operations per round: a backlog goes in rounds of about 1,250 operations
 * per lane transaction, which halves the round trips of 500 and lifts the
 * catch-up rate by about a quarter; a live load fills only small rounds, so
 * latency does not grow with it.
 */
const ROUND_OPS = 10000;
const IDLE_MS = 20;
const PROGRESS_MS = 1000;
/** Once the log runs dry the checkpoint is reported this soon, not only with the once-a-second report, so that a caught-up replay shows at once. */
const CAUGHT_UP_REPORT_MS = 200;
/** All lanes' rows are moved to the common point at least this often (bounds the redo after a crash). */
const SYNC_MS = 1000;
/** Safe mode after every start. */
const SAFE_AFTER_START_MS = 60_000;
const GIVE_UP_MS = 5 * 60_000;
const WAIT_FOR_LOG_MS = 120_000;
/** The replay's own row in the destination's writer fence, for what it writes besides the lanes (checkpoints of all lanes, DDL). */
const REPLAY_WRITER = 'replay';

/** The operations a change becomes, with its route and kind for the statistics. */
interface Written {
  ops: readonly Op[];
  route: Route | null;
  kind: 'insert' | 'update' | 'delete' | null;
}

/** What a change the replay passes over writes (shared: it is never changed). */
const NOTHING_TO_WRITE: Written = Object.freeze({ ops: Object.freeze([]), route: null, kind: null });

/** A failure that the replay recovers from by reading its checkpoint back (connection lost, deadlock, a row that already existed). */
class Recoverable extends Error {}

export const incrSyncUnit: Unit<'incr-sync'> = {
  async run(config, context) {
    const reader = await openLog(config.logPath, context);
    const replay = new Replay(config, context, reader);
    try {
      return await replay.run();
    } finally {
      await replay.close();
      reader.close();
    }
  },
};

async function openLog(path: string, context: Context): Promise<ChangeLogReader> {
  const deadline = Date.now() + WAIT_FOR_LOG_MS;
  for (;;) {
    try {
      return ChangeLogReader.open(path);
    } catch (error) {
      if (Date.now() > deadline || context.pause.aborted || context.signal.aborted) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

interface Round {
  changes: LoggedChange[];
  plan: LanePlan;
  /** Each lane's SQL, built with the round (while the lanes still apply the one before) so that applying it starts at once. */
  statements: string[][];
  heartbeats: number[];
  counted: { route: Route; kind: 'insert' | 'update' | 'delete' }[];
  bytes: number;
}

/** What the replay does next: nothing new in the log, a DDL alone, or a round of row changes. */
type Next = { kind: 'idle' } | { kind: 'ddl'; change: LoggedChange } | { kind: 'round'; round: Round };

class Replay {
  private readonly lanes: Lane[];
  private meta: Connection | null = null;
  private readonly checkpoint: ReplayCheckpoint;
  private readonly fence: WriterFence;
  /** DDL is converted with the live destination's profile (its release, edition and collations), read at every recovery. */
  private readonly sourceProfile: FlavourProfile;
  private destinationProfile: FlavourProfile;
  private readonly routes: Routes;
  private readonly filters: RowFilters;
  private readonly collationKeys: CollationKeys;
  private filterConnection: Connection | null = null;
  private readonly targets: ChangeTargets;
  private readonly meter = new Meter(['dest_rows', 'dest_bytes'], ['exec_ms', 'commit_ms']);
  private readonly latency = new Latency();
  private readonly stats: SyncStats;
  private readonly startedAt = Date.now();

  /** Changes up to here are committed on the destination. */
  private applied = 0;
  /** A catch-up replay ends once it has applied this change (the held replay's committed checkpoint). */
  private stopAt: number | null = null;
  private appliedPoint: CheckpointPoint | null = null;
  private recovered: Recovered = { fresh: true, low: 0, high: 0, lane0: 0, ddlPending: null, point: null };
  /** Changes up to here are replayed in safe mode (after a duplicate key outside it). */
  private forcedSafeUntil = 0;
  /** Changes read from the log and not yet in a round; `readTo` is the last read. */
  private buffer: LoggedChange[] = [];
  private readTo = 0;
  /** The next round, built while the lanes apply the current one. */
  private prepared: Promise<Next> | null = null;
  private filterResults = new Map<number, { before: boolean; after: boolean }>();
  private lastSync = 0;
  private syncedTo = 0;
  private lastReport = 0;
  private lastProgress = 0;
  private reportedPoint: CheckpointPoint | null = null;
  private failingSince: number | null = null;

  constructor(
    private readonly config: IncrSyncConfig,
    private readonly context: Context,
    private readonly reader: ChangeLogReader,
  ) {
    this.fence = new WriterFence(config.projectId, config.epoch);
    this.sourceProfile = profileOf(config.sourceFlavour);
    this.destinationProfile = profileOf(config.destinationFlavour);
    this.lanes = Array.from({ length: config.lanes }, (_, i) => new Lane(i, config.destination, this.fence));
    this.checkpoint = new ReplayCheckpoint(config.projectId, reader.logId());
    this.routes = new Routes(config.tables, config.ddlSync ? config.selection : null, config.skipTables);
    this.targets = new ChangeTargets(this.routes, new DestinationTables(() => this.metaConnection()), config.dmlTypes);
    this.filters = new RowFilters(async () => {
      if (!config.source) throw new Error('A row filter needs the source connection.');
      if (!this.filterConnection) {
        const connection = await connect(config.source, { database: null });
        // As the full copy reads: a filter on a TIMESTAMP (or with UNIX_TIMESTAMP) selects the same rows in both.
        await connection.query("SET SESSION time_zone = '+00:00'");
        this.filterConnection = connection;
      }
      return this.filterConnection;
    });
    this.collationKeys = new CollationKeys(
      () => this.metaConnection(),
      (message) => this.context.log('warn', message),
    );
    this.stats = new SyncStats(config.statistics);
  }

  private get stopping(): boolean {
    return this.context.pause.aborted || this.context.signal.aborted;
  }

  async run(): Promise<{ paused: boolean; caughtUp: boolean }> {
    const timer = setInterval(() => this.report(), PROGRESS_MS);
    try {
      await this.withRecovery(() => this.recover());
      this.context.log(
        'info',
        `Replaying from change ${this.applied + 1} with ${this.lanes.length} lanes` +
          (this.recovered.high > this.recovered.low ? `; changes ${this.recovered.low + 1}-${this.recovered.high} in safe mode (possibly half-applied before the restart)` : '') +
          '.',
      );
      while (!this.stopping && !this.caughtUp) {
        const progressed = await this.withRecovery(() => this.step());
        if (!progressed) await new Promise((r) => setTimeout(r, IDLE_MS));
      }
      await this.settlePrepared();
      await this.withRecovery(() => this.syncLanes(true));
      if (this.caughtUp) await this.withRecovery(() => this.forgetCatchUp());
    } finally {
      clearInterval(timer);
      this.report();
    }
    return { paused: this.context.pause.aborted && !this.caughtUp, caughtUp: this.caughtUp };
  }

  private get caughtUp(): boolean {
    return this.stopAt !== null && this.applied >= this.stopAt;
  }

  /**
   * A catch-up replay that got there removes its checkpoint rows: a later
   * start begins again, in safe mode, from its start. Its fence rows stay
   * (a stale run of it must still be refused); the release removes them.
   */
  private async forgetCatchUp(): Promise<void> {
    const meta = await this.metaConnection();
    await this.fenced(meta, () => this.checkpoint.forget(meta));
    this.context.log('info', `Caught up with the project's replay at change ${this.stopAt}.`);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.close()));
    await this.meta?.end().catch(() => undefined);
    await this.filterConnection?.end().catch(() => undefined);
  }

  private async metaConnection(): Promise<Connection> {
    if (!this.meta) {
      const connection = await connect(this.config.destination, { database: null });
      await connection.query("SET SESSION time_zone = '+00:00', foreign_key_checks = 0");
      // DDL runs on this connection.
      await liftStatementTimeouts(connection);
      this.meta = connection;
    }
    return this.meta;
  }

  /** Runs `work`; on a recoverable failure resets every connection, reads the checkpoint back and says so. */
  private async withRecovery<T>(work: () => Promise<T>): Promise<T | false> {
    try {
      const result = await work();
      this.failingSince = null;
      return result;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const recoverable = error instanceof Recoverable || isTransient(error);
      if (!recoverable) throw new AppError({ code: 'worker_failed', message: `The replay failed: ${describeSqlError(error)}`, retryable: false });
      this.resetConnections();
      this.failingSince ??= Date.now();
      if (Date.now() - this.failingSince > GIVE_UP_MS) {
        throw new AppError({ code: 'worker_failed', message: `The destination could not be written for ${GIVE_UP_MS / 60_000} minutes: ${describeSqlError(error)}`, retryable: true });
      }
      this.context.log('warn', `${describeSqlError(error)}; reading the checkpoint back from the destination and continuing from there.`);
      // A deadlock between lanes clears at once; a lost server needs a moment.
      const deadlock = (error as { errno?: number }).errno === 1213;
      await new Promise((r) => setTimeout(r, deadlock ? 50 : 1000));
      if (this.stopping) return false;
      return this.withRecovery(async () => {
        await this.recover();
        return false as T | false;
      }) as Promise<T | false>;
    }
  }

  private resetConnections(): void {
    for (const lane of this.lanes) lane.reset();
    this.meta?.destroy();
    this.meta = null;
    this.filterConnection?.destroy();
    this.filterConnection = null;
  }

  /** Reads the destination's checkpoint and positions the replay after what is committed there. */
  private async recover(): Promise<void> {
    const meta = await this.metaConnection();
    await this.checkpoint.setup(meta);
    // Before the checkpoint is read: no lane of an older run of the project commits after this.
    await this.fence.claim(meta, [...this.lanes.map((lane) => lane.writer), REPLAY_WRITER]);
    this.destinationProfile = await destinationProfile(meta);
    this.recovered = await this.checkpoint.recover(meta);
    if (this.config.catchUpTo) this.stopAt = await this.checkpoint.committedOf(meta, this.config.catchUpTo);
    // Stopped before the Store got there: no lane row is written, so the next start waits again.
    if (this.recovered.fresh && this.config.startAfter && !(await this.startAfter(this.config.startAfter))) return;
    const oldest = this.reader.oldestChange();
    if (oldest !== null && oldest > this.recovered.low + 1 && this.recovered.low > 0) {
      throw new AppError({
        code: 'worker_failed',
        message: `The change log no longer holds change ${this.recovered.low + 1}, where the replay must continue (the oldest is ${oldest}).`,
        workaround: 'The change log was purged past the replay. Release the project and clone it to migrate again.',
      });
    }
    this.applied = this.recovered.low;
    this.appliedPoint = this.recovered.point;
    this.syncedTo = this.recovered.low;
    this.buffer = [];
    this.filterResults.clear();
    this.targets.forget();
    if (this.recovered.ddlPending !== null) await this.finishPendingDdl(this.recovered.ddlPending);
    // After the pending DDL, which moves `applied` past itself.
    this.readTo = this.applied;
    await this.fenced(meta, () => this.checkpoint.prepareLanes(meta, this.lanes.length, this.applied));
  }

  /**
   * A first start after a given position: once the Store has captured that
   * far, the changes committed up to it count as applied (the lanes' rows
   * are created there).
   */
  private async startAfter(position: BinlogPosition): Promise<boolean> {
    for (;;) {
      const captured = this.reader.capturedTo();
      if (captured && compareBinlogPositions(captured, position) >= 0) break;
      if (this.stopping) return false;
      await new Promise((r) => setTimeout(r, IDLE_MS * 10));
    }
    const low = this.reader.lastChangeAtOrBefore(position);
    this.recovered = { fresh: true, low, high: low, lane0: low, ddlPending: null, point: null };
    this.context.log('info', `First start: the changes captured up to ${position.file}:${position.pos} (through change ${low}) are already on both sides; replaying after them.`);
    return true;
  }

  /** Runs `write` on the meta connection in one transaction under the writer fence. */
  private async fenced(meta: Connection, write: () => Promise<unknown>): Promise<void> {
    await this.fence.begin(meta, REPLAY_WRITER);
    await write();
    await meta.query('COMMIT');
  }

  /** Runs a DDL right after the fence let this replay write (a DDL commits on its own, so it cannot be inside the fence's transaction). */
  private async fencedDdl(meta: Connection, before: string | null, statement: string): Promise<void> {
    await this.fence.begin(meta, REPLAY_WRITER);
    if (before) await meta.query(before);
    await meta.query(statement);
  }

  /** One round; false when there was nothing to do. */
  private async step(): Promise<boolean> {
    const prefetched = this.prepared;
    this.prepared = null;
    let next = await (prefetched ?? this.prepare());
    // Found nothing while the last round applied: the log may have grown since.
    if (prefetched && next.kind === 'idle') next = await this.prepare();
    switch (next.kind) {
      case 'idle':
        await this.syncLanes(false);
        if (this.appliedPoint !== this.reportedPoint && Date.now() - this.lastProgress >= CAUGHT_UP_REPORT_MS) this.reportProgress(Date.now());
        return false;
      case 'ddl':
        await this.ddlRound(next.change);
        return true;
      case 'round': {
        const applying = this.applyRound(next.round);
        // Prepared only after the round is taken, and ending before any DDL: a DDL changes the tables the round is built for.
        this.prepared = this.prepare();
        // Its failure is met when it is awaited (next step, or settlePrepared); until then it must not count as unhandled.
        this.prepared.catch(() => undefined);
        try {
          await applying;
        } catch (error) {
          // Recovery starts over from the destination's checkpoint: the prepared round must not run on beside it.
          await this.settlePrepared();
          throw error;
        }
        return true;
      }
    }
  }

  /** Reads and builds what comes next in the log. */
  private async prepare(): Promise<Next> {
    if (this.buffer.length === 0) {
      this.buffer = this.reader.read(this.readTo, PAGE, undefined, this.stopAt ?? undefined);
      if (this.buffer.length > 0) this.readTo = this.buffer[this.buffer.length - 1].id;
      // Each stretch of CPU work gives way to the lanes' replies, so that a lane commits as soon as its statements ran.
      await yieldToIo();
    }
    if (this.buffer.length === 0) return { kind: 'idle' };
    if (this.buffer[0].kind === 'ddl') return { kind: 'ddl', change: this.buffer.shift()! };
    await this.targets.load(this.buffer);
    await this.evaluateFilters(this.buffer);
    await this.prepareCollationKeys(this.buffer);
    return { kind: 'round', round: await this.buildRound() };
  }

  /** Waits for a round being prepared and drops it. */
  private async settlePrepared(): Promise<void> {
    const prepared = this.prepared;
    this.prepared = null;
    await prepared?.catch(() => undefined);
  }

  /** Takes changes from the buffer into a round, up to a DDL, ROUND_OPS operations, or a change that would join two lanes. */
  private async buildRound(): Promise<Round> {
    const textKey: TextKey = (column, text) => this.collationKeys.key(column, text);
    const round: Round = { changes: [], plan: new LanePlan(this.lanes.length, textKey), statements: [], heartbeats: [], counted: [], bytes: 0 };
    const buffer = this.buffer;
    let taken = 0;
    while (taken < buffer.length && round.plan.ops < ROUND_OPS) {
      const change = buffer[taken];
      if (change.kind === 'ddl') break;
      const { ops, route, kind } = this.opsFor(change);
      if (!round.plan.add(ops)) break;
      taken++;
      round.changes.push(change);
      if (change.kind === 'heartbeat' && change.beat !== null) round.heartbeats.push(change.beat);
      if (route && kind && ops.length > 0) round.counted.push({ route, kind });
      if (ops.length > 0) round.bytes += change.bytes;
    }
    this.buffer = buffer.slice(taken);
    for (let i = 0; i < round.plan.lanes.length; i++) {
      await yieldToIo();
      round.statements.push(round.plan.lanes[i].length ? statementsFor(round.plan.batched(i)) : []);
    }
    return round;
  }

  private async applyRound(round: Round): Promise<void> {
    const last = round.changes[round.changes.length - 1];
    const point = pointOf(last);
    await Promise.all(
      round.statements.map((statements, i) => (statements.length ? this.applyLane(this.lanes[i], statements, round.plan.lanes[i], point) : Promise.resolve())),
    );
    const committedAt = Date.now();
    this.applied = last.id;
    this.appliedPoint = point;
    for (const beat of round.heartbeats) this.latency.heartbeatApplied(beat, committedAt);
    this.latency.changeApplied(last.eventTs);
    for (const { route, kind } of round.counted) this.stats.count(route.source, route.target, kind);
    this.meter.add('dest_rows', round.plan.ops);
    this.meter.add('dest_bytes', round.bytes);
    for (const change of round.changes) this.filterResults.delete(change.id);
    await this.syncLanes(false);
  }

  /** Applies a lane's statements with its checkpoint; `ops` only name the tables in an error. */
  private async applyLane(lane: Lane, statements: string[], ops: Op[], point: CheckpointPoint): Promise<void> {
    try {
      await lane.apply(statements, this.checkpoint.laneUpdate(lane.index, point), this.meter);
    } catch (error) {
      lane.reset();
      // The fence refused the lane (another run of the project took over): the transaction is rolled back with the connection.
      if (error instanceof AppError) throw error;
      if ((error as { errno?: number }).errno === 1062) {
        // Outside safe mode a row to insert already existed: someone else writes to the destination, or the copy's window was wider.
        this.forcedSafeUntil = Math.max(this.forcedSafeUntil, point.changeId);
        throw new Recoverable(`A replayed row already existed on the destination (${describeSqlError(error)}); replaying changes up to ${point.changeId} in safe mode`);
      }
      if (isTransient(error)) throw error;
      const tables = [...new Set(ops.map((o) => formatName(o.table.name)))].join(', ');
      throw new AppError({ code: 'worker_failed', message: `Replaying changes into ${tables} failed on the destination: ${describeSqlError(error)}`, retryable: false });
    }
  }

  /** Moves every lane's row to the common point: rarely while changes flow, at once when asked (pause). */
  private async syncLanes(now: boolean): Promise<void> {
    if (this.applied <= this.syncedTo || !this.appliedPoint) return;
    if (!now && Date.now() - this.lastSync < SYNC_MS) return;
    const meta = await this.metaConnection();
    const point = this.appliedPoint;
    await this.fenced(meta, () => meta.query(this.checkpoint.allLanesUpdate(point)));
    this.syncedTo = this.applied;
    this.lastSync = Date.now();
    this.reader.recordReplayed(this.applied);
  }

  private safe(change: LoggedChange): boolean {
    // A catch-up replays what the added tables' copy may already hold: idempotently throughout.
    if (this.stopAt !== null) return true;
    if (change.id <= this.recovered.high || change.id <= this.forcedSafeUntil) return true;
    if (Date.now() - this.startedAt < SAFE_AFTER_START_MS) return true;
    return this.config.safeUntil !== null && compareBinlogPositions(change.position, this.config.safeUntil) <= 0;
  }

  private opsFor(change: LoggedChange): Written {
    const route = this.targets.writtenRoute(change);
    if (!route) return NOTHING_TO_WRITE;
    const target = this.targets.targetOf(change);
    // Lane 0's checkpoint says exactly which changes of a keyless table are applied.
    if (target.key === null && change.id <= this.recovered.lane0) return NOTHING_TO_WRITE;
    const filtered = this.applyFilter(change, route);
    if (!filtered) return NOTHING_TO_WRITE;
    return { ops: opsFor(filtered, target, this.safe(change)), route, kind: filtered.kind };
  }

  /** The change as the row filter sees it: a row moving into the filter is an insert, out of it a delete. */
  private applyFilter(change: LoggedChange, route: Route): FilteredChange | null {
    const kind = change.kind as 'insert' | 'update' | 'delete';
    if (!route.where) return { kind, before: change.before, after: change.after };
    const result = this.filterResults.get(change.id)!;
    if (kind === 'insert') return result.after ? { kind, before: null, after: change.after } : null;
    if (kind === 'delete') return result.before ? { kind, before: change.before, after: null } : null;
    if (result.before && result.after) return { kind, before: change.before, after: change.after };
    if (result.after) return { kind: 'insert', before: null, after: change.after };
    if (result.before) return { kind: 'delete', before: change.before, after: null };
    return null;
  }

  /** Asks the destination for the collation keys of the unique-key texts of the changes up to the next DDL (which may change the tables). */
  private async prepareCollationKeys(changes: LoggedChange[]): Promise<void> {
    const texts: { column: TextColumn; text: string }[] = [];
    for (const change of changes) {
      if (change.kind === 'ddl') break;
      if (!this.targets.writtenRoute(change)) continue;
      const target = this.targets.targetOf(change);
      if (!target.uniqueKeys.some((key) => key.some((i) => target.text[i]))) continue;
      for (const image of [change.before, change.after]) if (image) texts.push(...uniqueTexts(target, targetRow(target, image)));
    }
    await this.collationKeys.prepare(texts);
  }

  /** Evaluates the row filters of a page of changes, one query per table and batch. */
  private async evaluateFilters(changes: LoggedChange[]): Promise<void> {
    const byTable = new Map<string, { route: Route; columns: string[]; items: { id: number; side: 'before' | 'after'; image: Image }[] }>();
    for (const change of changes) {
      if (!change.table || change.kind === 'ddl' || change.kind === 'heartbeat' || this.filterResults.has(change.id)) continue;
      const route = this.targets.routeOf(change.table);
      if (!route?.where) continue;
      const key = `${change.table.id}`;
      let group = byTable.get(key);
      if (!group) byTable.set(key, (group = { route, columns: change.table.columns, items: [] }));
      if (change.before) group.items.push({ id: change.id, side: 'before', image: change.before });
      if (change.after) group.items.push({ id: change.id, side: 'after', image: change.after });
      this.filterResults.set(change.id, { before: false, after: false });
    }
    for (const group of byTable.values()) {
      const matches = await this.filters.matches(group.route.source, group.route.where!, group.columns, group.items.map((i) => i.image));
      group.items.forEach((item, i) => {
        this.filterResults.get(item.id)![item.side] = matches[i];
      });
    }
  }

  /** A DDL round: all lanes meet before it, it runs alone, and all move past it. */
  private async ddlRound(change: LoggedChange): Promise<void> {
    await this.syncLanes(true);
    const meta = await this.metaConnection();
    const point = pointOf(change);
    const outcome = await this.runDdl(change, (statement) => this.fencedDdl(meta, this.checkpoint.markDdlPending(change.id), statement));
    await this.fenced(meta, () => meta.query(this.checkpoint.allLanesUpdate(point)));
    this.applied = change.id;
    this.appliedPoint = point;
    this.syncedTo = change.id;
    this.latency.changeApplied(change.eventTs);
    this.reader.recordReplayed(change.id);
    if (outcome === 'applied') {
      this.targets.forget();
      this.filters.forget();
      this.routes.forget();
    }
  }

  /** A DDL that was started before a crash: run it again, an "already done" answer counting as applied. */
  private async finishPendingDdl(changeId: number): Promise<void> {
    const [change] = this.reader.read(changeId - 1, 1);
    if (!change || change.id !== changeId || change.kind !== 'ddl') {
      throw new AppError({ code: 'worker_failed', message: `The DDL the replay was running (change ${changeId}) is not in the change log any more.` });
    }
    const meta = await this.metaConnection();
    await this.runDdl(change, async (statement) => {
      try {
        await this.fencedDdl(meta, null, statement);
      } catch (error) {
        if (!isAlreadyApplied(error)) throw error;
        this.context.log('info', `The DDL of change ${changeId} had already run before the restart (${describeSqlError(error)}).`);
      }
    });
    await this.fenced(meta, () => meta.query(this.checkpoint.allLanesUpdate(pointOf(change))));
    this.applied = changeId;
    this.appliedPoint = pointOf(change);
    this.syncedTo = changeId;
    this.recovered = { ...this.recovered, low: changeId, high: Math.max(changeId, this.recovered.high), lane0: changeId, ddlPending: null };
  }

  /** Decides what to do with a DDL, runs it through `execute` when it applies, and reports the outcome. */
  private async runDdl(change: LoggedChange, execute: (statement: string) => Promise<void>): Promise<'applied' | 'skipped' | 'ignored'> {
    const statement = change.statement ?? '';
    const plan = planDdl(statement, change.database, this.routes, this.sourceProfile, this.destinationProfile);
    // The database the statement acts on (`ALTER TABLE shop.t` run without USE has no session database).
    const database = plan.action === 'apply' ? (plan.tables[0]?.source.database ?? change.database) : change.database;
    const report = (outcome: 'applied' | 'skipped' | 'ignored' | 'failed', applied: string | null, detail: string | null) =>
      this.context.emit({ type: 'ddl', changeId: change.id, database, statement, applied, outcome, detail });
    if (this.config.skipChange === change.id) {
      report('skipped', null, 'Skipped by the user: not run on the destination.');
      this.context.log('warn', `Skipped DDL (change ${change.id}): ${statement}`);
      return 'skipped';
    }
    if (plan.action === 'ignore') {
      // Statements about other objects are common (and silent); only those on migrated tables are listed.
      if (plan.kind !== 'other') report('ignored', null, plan.reason);
      return 'ignored';
    }
    if (!this.config.ddlSync) {
      report('ignored', null, 'DDL synchronization is off for this project.');
      return 'ignored';
    }
    try {
      await execute(plan.statement);
    } catch (error) {
      if (isTransient(error)) throw error;
      const message = describeSqlError(error);
      report('failed', plan.statement, message);
      throw new AppError({
        code: 'ddl_failed',
        message: `A DDL failed on the destination: ${message}. Statement: ${plan.statement}`,
        workaround: 'Fix the destination by hand and retry, or skip the statement (it will not run on the destination).',
        details: [String(change.id)],
      });
    }
    for (const table of plan.tables) this.stats.count(table.source, table.target, 'ddl');
    report('applied', plan.statement === statement ? null : plan.statement, plan.notes.length ? plan.notes.join(' ') : null);
    this.context.log('info', `Applied DDL (change ${change.id}): ${plan.statement}`);
    return 'applied';
  }

  /** The once-a-second report: progress, table statistics and metrics. */
  private report(): void {
    const now = Date.now();
    if (now - this.lastReport < PROGRESS_MS / 2) return;
    this.lastReport = now;
    const latencyMs = this.reportProgress(now);
    const tables = this.stats.take();
    if (tables.length) this.context.emit({ type: 'stats', tables });
    this.context.metrics([...this.meter.sample(), ...(latencyMs === null ? [] : [{ name: 'latency_ms', value: latencyMs, ts: now }])]);
  }

  /** Reports the checkpoint and latency; returns the latency. */
  private reportProgress(now: number): number | null {
    this.lastProgress = now;
    this.reportedPoint = this.appliedPoint;
    let latencyMs: number | null = null;
    try {
      latencyMs = this.latency.current(this.reader, this.applied, now);
    } catch {
      // The log is busy or gone: report no latency this time.
    }
    const current = this.buffer[0];
    this.context.emit({
      type: 'progress',
      checkpoint: this.appliedPoint,
      latencyMs,
      replayTimestamp: this.latency.replayTimestamp,
      heartbeat: this.latency.heartbeat,
      safeMode: current ? this.safe(current) : Date.now() - this.startedAt < SAFE_AFTER_START_MS,
    });
    return latencyMs;
  }
}

function pointOf(change: LoggedChange): CheckpointPoint {
  return { changeId: change.id, file: change.position.file, pos: change.position.pos, gtid: change.position.gtid, eventTs: change.eventTs };
}
