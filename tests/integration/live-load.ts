/**
 * A live write load for incremental tests: a schema with the shapes the
 * replay must get right (a primary key with a unique secondary key, a
 * composite text key, a table without any key, a filtered and narrowed table,
 * every type of the fidelity table), and a writer that keeps inserting,
 * updating (also the key itself), deleting and writing NULLs, alone or in
 * multi-statement transactions, until stopped. Random but seeded, so a
 * failure can be replayed.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import type { ServerEndpoint } from '../harness/mariadb';
import { seededRandom as random } from '../seeded-random';
import { REPO, rootConnection } from './helpers';

const FIDELITY = join(REPO, 'tests', 'integration', 'cases', 'fidelity');

/** The tables of the load, all in one database; `members` is migrated with a row filter and a column subset. */
export const LOAD_TABLES = ['accounts', 'items', 'journal', 'members', 'fidelity'] as const;
export const MEMBERS_FILTER = 'active = 1';
export const MEMBERS_COLUMNS = ['id', 'name', 'active', 'joined'];

export function loadSchema(database: string): string {
  return `DROP DATABASE IF EXISTS \`${database}\`; CREATE DATABASE \`${database}\`; USE \`${database}\`;
    CREATE TABLE accounts (id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(120) NOT NULL, balance DECIMAL(65,30) NULL, note TEXT NULL,
      flags BIT(8) NULL, updated DATETIME(6) NOT NULL, UNIQUE KEY uk_email (email));
    CREATE TABLE items (region VARCHAR(20) NOT NULL, code VARCHAR(40) NOT NULL, qty INT NULL, payload BLOB NULL, seen TIMESTAMP(6) NULL DEFAULT NULL,
      PRIMARY KEY (region, code));
    CREATE TABLE journal (at DATETIME(6) NULL, who VARCHAR(30) NULL, amount DOUBLE NULL);
    CREATE TABLE members (id INT NOT NULL PRIMARY KEY, name VARCHAR(60) NOT NULL, active TINYINT NOT NULL, joined DATE NULL, secret VARCHAR(60) NULL);
    ${readFileSync(join(FIDELITY, 'schema.sql'), 'utf8')}`;
}

export async function seedLoad(server: ServerEndpoint, database: string, rows = 2000): Promise<void> {
  const connection = await rootConnection(server, database);
  try {
    await connection.query(
      `INSERT INTO accounts SELECT seq, CONCAT('a', seq, '@example.com'), seq * 1.5, IF(seq % 7 = 0, NULL, CONCAT('note ', seq)), seq % 256, '2024-01-01' + INTERVAL seq SECOND FROM seq_1_to_${rows};
       INSERT INTO items SELECT ELT(1 + seq % 3, 'eu', 'us', 'ap'), CONCAT('code-', seq), seq % 50, UNHEX(SHA2(seq, 256)), NULL FROM seq_1_to_${rows};
       INSERT INTO journal SELECT '2024-02-01' + INTERVAL seq MINUTE, ELT(1 + seq % 4, 'ann', 'bob', NULL, 'dan'), seq / 3 FROM seq_1_to_${Math.floor(rows / 2)};
       INSERT INTO journal SELECT '2024-02-01', 'dup', 1 FROM seq_1_to_5;
       INSERT INTO members SELECT seq, CONCAT('member ', seq), seq % 3 <> 0, '2020-01-01' + INTERVAL seq DAY, 'hidden' FROM seq_1_to_${rows};`,
    );
    await connection.query(readFileSync(join(FIDELITY, 'data.sql'), 'utf8'));
  } finally {
    await connection.end();
  }
}


export interface LoadStats {
  statements: number;
  transactions: number;
  errors: number;
}

export class LiveLoad {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  readonly stats: LoadStats = { statements: 0, transactions: 0, errors: 0 };
  private nextId = 1_000_000;
  private readonly rand: () => number;

  constructor(
    private readonly server: ServerEndpoint,
    private readonly database: string,
    private readonly options: { statementsPerSecond: number; seed: number; rows?: number; account?: { user: string; password: string } },
  ) {
    this.rand = random(options.seed);
  }

  start(): void {
    this.running = true;
    this.done = this.loop();
  }

  async stop(): Promise<LoadStats> {
    this.running = false;
    await this.done;
    return this.stats;
  }

  private pick(n: number): number {
    return 1 + Math.floor(this.rand() * n);
  }

  private statement(): string {
    const rows = this.options.rows ?? 2000;
    const id = this.pick(rows);
    const r = this.rand();
    const now = `NOW(6) - INTERVAL ${this.pick(100000)} MICROSECOND`;
    if (r < 0.12) return `INSERT INTO accounts VALUES (${this.nextId++}, CONCAT('n', ${this.nextId}, '@x'), ${this.rand() < 0.2 ? 'NULL' : (this.rand() * 1e6).toFixed(6)}, ${this.rand() < 0.3 ? 'NULL' : "'fresh'"}, ${this.pick(255)}, ${now})`;
    if (r < 0.3) return `UPDATE accounts SET balance = ${this.rand() < 0.1 ? 'NULL' : 'balance + 1.000000000000000000000000000001'}, note = ${this.rand() < 0.3 ? 'NULL' : "CONCAT('n', RAND())"}, updated = ${now} WHERE id = ${id}`;
    // A key change: the row moves to a new primary key.
    if (r < 0.36) return `UPDATE accounts SET id = ${this.nextId++} WHERE id = ${id}`;
    // The unique email moves from one row to another within one statement order.
    if (r < 0.4) return `UPDATE accounts SET email = CONCAT('m', ${this.nextId++}, '@x') WHERE id = ${id}`;
    if (r < 0.46) return `DELETE FROM accounts WHERE id = ${id}`;
    if (r < 0.54) return `INSERT INTO items VALUES ('${['eu', 'us', 'ap'][this.pick(3) - 1]}', 'new-${this.nextId++}', ${this.rand() < 0.2 ? 'NULL' : this.pick(99)}, RANDOM_BYTES(${this.pick(64)}), ${now})`;
    if (r < 0.62) return `UPDATE items SET qty = ${this.rand() < 0.2 ? 'NULL' : 'COALESCE(qty, 0) + 1'}, seen = ${now} WHERE region = '${['eu', 'us', 'ap'][id % 3]}' AND code = 'code-${id}'`;
    if (r < 0.64) return `UPDATE items SET code = 'moved-${this.nextId++}' WHERE region = '${['eu', 'us', 'ap'][id % 3]}' AND code = 'code-${id}'`;
    if (r < 0.67) return `DELETE FROM items WHERE region = '${['eu', 'us', 'ap'][id % 3]}' AND code = 'code-${id}'`;
    if (r < 0.74) return `INSERT INTO journal VALUES (${now}, ${this.rand() < 0.25 ? 'NULL' : "'load'"}, ${this.rand() * 100})`;
    if (r < 0.77) return `INSERT INTO journal VALUES ('2024-02-01', 'dup', 1)`;
    if (r < 0.8) return `UPDATE journal SET amount = amount + 1 WHERE who = 'bob' LIMIT 1`;
    if (r < 0.82) return `DELETE FROM journal WHERE who = 'dup' LIMIT 1`;
    // Members move in and out of the row filter.
    if (r < 0.88) return `UPDATE members SET active = 1 - active, name = CONCAT('m', RAND()) WHERE id = ${id}`;
    if (r < 0.9) return `INSERT INTO members VALUES (${this.nextId++}, 'joined', ${this.pick(2) - 1}, CURDATE(), 'x')`;
    if (r < 0.92) return `DELETE FROM members WHERE id = ${id}`;
    // The fidelity table: every type, changed in place.
    if (r < 0.95) return `UPDATE fidelity SET t_int = t_int + 1, t_varchar = CONCAT(LEFT(t_varchar, 10), '✓𝄞'), t_datetime = ${now}, t_bit64 = t_bit64 ^ 1 WHERE id = ${1 + (id % 6)}`;
    if (r < 0.97) return `UPDATE fidelity SET t_json = JSON_OBJECT('k', ${id}), t_set = 'a,c', t_enum = 'large', t_time = '-12:00:00.5' WHERE id = ${1 + (id % 6)}`;
    return `UPDATE fidelity SET t_text = NULL, t_double = ${this.rand() * 1e300}, t_float = ${this.rand()} WHERE id = ${1 + (id % 6)}`;
  }

  private async loop(): Promise<void> {
    let connection: Connection | null = null;
    const interval = 1000 / this.options.statementsPerSecond;
    let next = Date.now();
    while (this.running) {
      try {
        const account = this.options.account;
        connection ??= account
          ? await createConnection({ host: this.server.host, port: this.server.port, user: account.user, password: account.password, database: this.database, multipleStatements: true })
          : await rootConnection(this.server, this.database);
        await connection.query("SET SESSION time_zone = '+02:00'");
        // Some statements go alone, some in a transaction of several.
        const size = this.rand() < 0.3 ? 2 + this.pick(6) : 1;
        const statements = Array.from({ length: size }, () => this.statement());
        if (size > 1) await connection.query('START TRANSACTION');
        for (const sql of statements) {
          await connection.query(sql);
          this.stats.statements++;
        }
        if (size > 1) await connection.query('COMMIT');
        this.stats.transactions++;
        next += interval * size;
      } catch {
        this.stats.errors++;
        await connection?.query('ROLLBACK').catch(() => undefined);
        // A server restart or a duplicate by chance: go on with a fresh connection.
        connection?.destroy();
        connection = null;
        await new Promise((r) => setTimeout(r, 50));
      }
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else next = Date.now();
    }
    await connection?.end().catch(() => undefined);
  }
}
