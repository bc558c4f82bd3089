import type { ConnectionTestResult, DataSource, Flavour, TlsOptions } from '../../../../src-shared/model';
import type { Db } from '../db';

interface Row {
  id: string;
  name: string;
  host: string;
  port: number;
  user: string;
  password_sealed: string;
  database_name: string | null;
  tls: string;
  flavour: Flavour | null;
  version: string | null;
  last_test: string | null;
  created_at: string;
  updated_at: string;
}

export interface StoredDataSource extends DataSource {
  passwordSealed: string;
}

function fromRow(row: Row): StoredDataSource {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    user: row.user,
    database: row.database_name,
    tls: JSON.parse(row.tls) as TlsOptions,
    flavour: row.flavour,
    version: row.version,
    lastTest: row.last_test ? (JSON.parse(row.last_test) as ConnectionTestResult) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordSealed: row.password_sealed,
  };
}

/** Strips the sealed password: what leaves the core. */
export function publicView(source: StoredDataSource): DataSource {
  const { passwordSealed: _sealed, ...rest } = source;
  return rest;
}

export class DataSourcesRepo {
  constructor(private readonly db: Db) {}

  list(): StoredDataSource[] {
    return (this.db.prepare('SELECT * FROM datasources ORDER BY name COLLATE NOCASE').all() as Row[]).map(fromRow);
  }

  get(id: string): StoredDataSource | null {
    const row = this.db.prepare('SELECT * FROM datasources WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  findByName(name: string): StoredDataSource | null {
    const row = this.db.prepare('SELECT * FROM datasources WHERE name = ? COLLATE NOCASE').get(name) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  insert(source: StoredDataSource): void {
    this.db
      .prepare(
        `INSERT INTO datasources (id, name, host, port, user, password_sealed, database_name, tls, flavour, version, last_test, created_at, updated_at)
         VALUES (@id, @name, @host, @port, @user, @passwordSealed, @database, @tls, @flavour, @version, @lastTest, @createdAt, @updatedAt)`,
      )
      .run(toParams(source));
  }

  update(source: StoredDataSource): void {
    this.db
      .prepare(
        `UPDATE datasources SET name = @name, host = @host, port = @port, user = @user, password_sealed = @passwordSealed,
           database_name = @database, tls = @tls, flavour = @flavour, version = @version, last_test = @lastTest, updated_at = @updatedAt
         WHERE id = @id`,
      )
      .run(toParams(source));
  }

  recordTest(id: string, result: ConnectionTestResult): void {
    const identity = result.ok ? { flavour: result.flavour, version: result.version } : null;
    this.db
      .prepare(
        `UPDATE datasources SET last_test = ?, flavour = COALESCE(?, flavour), version = COALESCE(?, version) WHERE id = ?`,
      )
      .run(JSON.stringify(result), identity?.flavour ?? null, identity?.version ?? null, id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM datasources WHERE id = ?').run(id);
  }

  /** Names of projects that use the data source on either side. */
  usedBy(id: string): string[] {
    return (this.db.prepare('SELECT name FROM projects WHERE source_id = ? OR destination_id = ? ORDER BY name').all(id, id) as { name: string }[]).map(
      (r) => r.name,
    );
  }
}

function toParams(source: StoredDataSource) {
  return {
    id: source.id,
    name: source.name,
    host: source.host,
    port: source.port,
    user: source.user,
    passwordSealed: source.passwordSealed,
    database: source.database,
    tls: JSON.stringify(source.tls),
    flavour: source.flavour,
    version: source.version,
    lastTest: source.lastTest ? JSON.stringify(source.lastTest) : null,
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
  };
}
