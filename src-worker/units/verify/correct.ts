/**
 * Correction of verified differences: reads each differing row as the
 * source has it now and as the destination has it now, and makes the
 * destination row the source's (or removes it, where the source has none
 * and the user confirmed deletes). Each table's corrections run in one
 * transaction: every row is deleted by key first, then the source rows are
 * inserted, so rows that swap values of a unique key are corrected together;
 * a row that still collides with another destination row rolls the table
 * back, nothing half-written. The destination's rows before the correction
 * become the statements that undo it.
 */

import type { Connection } from 'mysql2/promise';
import { escape } from 'mysql2';
import type { CorrectConfig, Correction, CorrectTable } from '../../../src-shared/contract/units/correct';
import type { ValueKind } from '../../../src-shared/model/verify';
import { formatName } from '../../../src-shared/settings/object-names';
import { keyEquals } from '../../chunking/key-sql';
import { currentPosition } from '../../mysql/binlog';
import type { ColumnCatalog } from '../../mysql/columns';
import { loadColumns } from '../../mysql/columns';
import { quoteIdentifier, quoteName } from '../../mysql/quote';
import { openWriter } from '../../mysql/sessions';
import { describeSqlError } from '../../mysql/transient';
import type { Unit } from '../../runtime/unit';
import type { VerifyPlan } from './plan';
import { planVerify, Unverifiable } from './plan';
import { openVerifySession } from './session';
import type { FetchedRow } from './sides';
import { Side } from './sides';

const NUMBER_RE = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const HEX_RE = /^(?:[0-9A-Fa-f]{2})*$/;

/** A value as a SQL literal, from the form it was read in (see plan.ts). */
export function literal(kind: ValueKind, value: string | null): string {
  if (value === null) return 'NULL';
  switch (kind) {
    case 'number':
    case 'float':
    case 'bit':
      if (!NUMBER_RE.test(value)) throw new Error(`${JSON.stringify(value.slice(0, 40))} is not a number.`);
      return value;
    case 'text':
      if (!HEX_RE.test(value)) throw new Error('A text value did not arrive as hex.');
      return value === '' ? "''" : `CONVERT(X'${value}' USING utf8mb4)`;
    case 'bytes':
      if (!HEX_RE.test(value)) throw new Error('A binary value did not arrive as hex.');
      return value === '' ? "''" : `X'${value}'`;
    case 'spatial':
      if (!HEX_RE.test(value) || value === '') throw new Error('A geometry did not arrive as WKB.');
      return `ST_GeomFromWKB(X'${value}')`;
    case 'temporal':
    case 'json':
      return escape(value);
  }
}

interface Planned {
  correction: Correction;
  /** Applied in the table's transaction: deletes first, then inserts. */
  deletes: string[];
  inserts: string[];
}

class TableCorrection {
  private readonly source: Side;
  private readonly destination: Side;
  private readonly columnList: string;

  constructor(
    private readonly plan: VerifyPlan,
    private readonly table: CorrectTable,
    private readonly config: CorrectConfig,
  ) {
    this.source = new Side(plan.source);
    this.destination = new Side(plan.destination);
    this.columnList = plan.columns.map((c) => quoteIdentifier(c.name)).join(', ');
  }

  private get target(): string {
    return quoteName(this.table.target);
  }

  private insert(values: (string | null)[]): string {
    return `INSERT INTO ${this.target} (${this.columnList}) VALUES (${values.map((v, i) => literal(this.plan.columns[i].kind, v)).join(', ')})`;
  }

  private replace(values: (string | null)[]): string {
    return `REPLACE INTO ${this.target} (${this.columnList}) VALUES (${values.map((v, i) => literal(this.plan.columns[i].kind, v)).join(', ')})`;
  }

  private deleteByKey(key: string[]): string {
    return `DELETE FROM ${this.target} WHERE ${keyEquals(this.plan.destination.key!, key)}`;
  }

  private correction(key: string[] | null, action: Correction['action'], sql: string | null, revert: string | null, note: string | null): Correction {
    return { table: this.table.id, key, action, sql, revert, note, applied: false };
  }

  /** The statements for a table with a key, from both sides' rows read now. */
  async keyed(source: Connection, destination: Connection): Promise<Planned[]> {
    const keys = this.table.rows.map((r) => r.key!).filter(Boolean);
    const byKey = (rows: FetchedRow[]) => new Map(rows.map((r) => [JSON.stringify(r.key), r]));
    const sourceRows = byKey(await this.source.lookup(source, keys, 'write'));
    const destinationRows = byKey(await this.destination.lookup(destination, keys, 'write'));
    return this.table.rows.map((row): Planned => {
      const key = row.key!;
      const s = sourceRows.get(JSON.stringify(key));
      const d = destinationRows.get(JSON.stringify(key));
      const revert = d ? this.replace(d.values) : this.deleteByKey(key);
      if (s) return { correction: this.correction(key, 'replace', this.replace(s.values), revert, null), deletes: [this.deleteByKey(key)], inserts: [this.insert(s.values)] };
      if (!d) return { correction: this.correction(key, 'none', null, null, 'the row is on neither side any more'), deletes: [], inserts: [] };
      if (row.category !== 'destination-only') {
        return { correction: this.correction(key, 'none', null, null, 'not possible: the source row is gone (deleted since it was verified); the replay removes it from the destination'), deletes: [], inserts: [] };
      }
      const note = this.config.includeDeletes ? null : 'deletes a destination row the source does not have: applied only when deletes are confirmed';
      return { correction: this.correction(key, 'delete', this.deleteByKey(key), revert, note), deletes: this.config.includeDeletes ? [this.deleteByKey(key)] : [], inserts: [] };
    });
  }

  /** A row of a table without a key, matched on every compared value (NULL-safe). */
  private rowMatch(values: (string | null)[], plan = this.plan.destination): string {
    return this.plan.columns.map((c, i) => `${plan.values[i]} <=> ${values[i] === null ? 'NULL' : escape(values[i])}`).join(' AND ');
  }

  /** The statements for a table without a key: each differing row inserted or deleted as many times as the sides' counts differ now. */
  async keyless(source: Connection, destination: Connection): Promise<Planned[]> {
    const planned: Planned[] = [];
    const seen = new Set<string>();
    for (const row of this.table.rows) {
      const values = row.source ?? row.destination;
      if (!values || seen.has(JSON.stringify(values))) continue;
      seen.add(JSON.stringify(values));
      const count = async (connection: Connection, tables: { name: { database: string; table: string }; where: string | null }[], plan = this.plan.destination) => {
        let n = 0;
        for (const t of tables) {
          const filter = t.where ? `(${t.where}) AND ` : '';
          const [rows] = await connection.query({ sql: `SELECT COUNT(*) FROM ${quoteName(t.name)} WHERE ${filter}${this.rowMatch(values, plan)}`, rowsAsArray: true });
          n += Number((rows as unknown[][])[0][0]);
        }
        return n;
      };
      const delta = (await count(source, this.plan.source.tables, this.plan.source)) - (await count(destination, this.plan.destination.tables));
      if (delta === 0) {
        planned.push({ correction: this.correction(null, 'none', null, null, 'the two sides agree on this row now'), deletes: [], inserts: [] });
        continue;
      }
      // Written back from the exact values of one matching row.
      const exact = await this.exactRow(delta > 0 ? source : destination, delta > 0 ? this.plan.source : this.plan.destination, values);
      const refused = this.config.keylessApply ? null : 'not applied while the replay runs: on a table without a key its changes and a correction cannot be told apart';
      if (delta > 0) {
        const sql = Array.from({ length: delta }, () => this.insert(exact)).join(';\n');
        const revert = `DELETE FROM ${this.target} WHERE ${this.rowMatch(values)} LIMIT ${delta}`;
        planned.push({ correction: this.correction(null, 'insert', sql, revert, refused), deletes: [], inserts: refused ? [] : Array.from({ length: delta }, () => this.insert(exact)) });
      } else {
        const sql = `DELETE FROM ${this.target} WHERE ${this.rowMatch(values)} LIMIT ${-delta}`;
        const revert = Array.from({ length: -delta }, () => this.insert(exact)).join(';\n');
        const note = refused ?? (this.config.includeDeletes ? null : 'deletes destination rows the source does not have: applied only when deletes are confirmed');
        planned.push({ correction: this.correction(null, 'delete', sql, revert, note), deletes: note ? [] : [sql], inserts: [] });
      }
    }
    return planned;
  }

  private async exactRow(connection: Connection, plan: VerifyPlan['source'], values: (string | null)[]): Promise<(string | null)[]> {
    const t = plan.tables[0];
    const [rows] = await connection.query({ sql: `SELECT ${plan.writes.join(', ')} FROM ${quoteName(t.name)} WHERE ${this.rowMatch(values, plan)} LIMIT 1`, rowsAsArray: true });
    const row = (rows as unknown[][])[0];
    if (!row) throw new Error('The row changed while it was being corrected; verify the table again.');
    return row.map((v) => (v === null ? null : Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
  }
}

/** Runs a table's corrections in one transaction on the destination; throws (after a rollback) when any statement fails. */
async function applyTable(writer: Connection, planned: Planned[]): Promise<void> {
  await writer.query('START TRANSACTION');
  try {
    for (const p of planned) for (const sql of p.deletes) await writer.query(sql);
    for (const p of planned) for (const sql of p.inserts) await writer.query(sql);
    await writer.query('COMMIT');
  } catch (error) {
    await writer.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function failureText(error: unknown): string {
  const e = error as { errno?: number };
  const base = error instanceof Error && !('sqlMessage' in error) ? error.message : describeSqlError(error);
  if (e.errno === 1062) return `${base}: another destination row holds the same value of a unique key; correct or remove that row (it is likely a difference too), then apply again. Nothing of this table was changed.`;
  return `${base}. Nothing of this table was changed.`;
}

export const correctUnit: Unit<'correct'> = {
  async run(config) {
    const source = await openVerifySession(config.source);
    const writer = await openWriter(config.destination);
    try {
      const sourceColumns: ColumnCatalog = await loadColumns(source, [...new Set(config.tables.flatMap((t) => t.sources.map((s) => s.source.database)))]);
      const destinationColumns: ColumnCatalog = await loadColumns(writer, [...new Set(config.tables.map((t) => t.target.database))]);
      const corrections: Correction[] = [];
      const failures: { table: string; error: string }[] = [];
      const work: { table: CorrectTable; planned: Planned[] }[] = [];
      for (const table of config.tables) {
        try {
          const plan = planVerify(
            { ...table, rowsEstimated: null, checkpoint: null, records: null, differencesSoFar: 0 },
            sourceColumns,
            destinationColumns,
            { source: config.sourceFlavour, destination: config.destinationFlavour },
          );
          const correction = new TableCorrection(plan, table, config);
          work.push({ table, planned: plan.source.key ? await correction.keyed(source, writer) : await correction.keyless(source, writer) });
        } catch (error) {
          const message = error instanceof Unverifiable ? `cannot be corrected: ${error.message}` : failureText(error);
          failures.push({ table: table.id, error: message });
        }
      }
      // Every source row used is at or before this position: the replay goes over it idempotently.
      const position = await currentPosition(source).catch(() => null);
      for (const { table, planned } of work) {
        if (config.apply && planned.some((p) => p.deletes.length || p.inserts.length)) {
          try {
            await applyTable(writer, planned);
            for (const p of planned) p.correction.applied = p.deletes.length + p.inserts.length > 0;
          } catch (error) {
            failures.push({ table: table.id, error: `${formatName(table.target)}: ${failureText(error)}` });
          }
        }
        corrections.push(...planned.map((p) => p.correction));
      }
      return { position, corrections, failures };
    } finally {
      await source.end().catch(() => undefined);
      await writer.end().catch(() => undefined);
    }
  },
};
