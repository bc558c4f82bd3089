import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../../src-shared/model/datasource';
import { connectionOptions } from '../../../src-worker/mysql/connect';

const config: ConnectionConfig = { host: 'db.example', port: 3306, user: 'app', password: 'secret', database: 'shop', tls: { mode: 'off' } };

describe('connectionOptions', () => {
  it('lets the driver fill placeholders unless the connection sends finished SQL', () => {
    expect(connectionOptions(config).queryFormat).toBeUndefined();
  });

  it('passes finished SQL through untouched and refuses placeholder values', () => {
    const format = connectionOptions(config, { finishedSql: true }).queryFormat as unknown as (sql: string, values: unknown) => string;
    const sql = "INSERT INTO t VALUES ('a?b', 1); SELECT '?'";
    expect(format(sql, [])).toBe(sql);
    expect(format(sql, undefined)).toBe(sql);
    expect(() => format('SELECT ?', [1])).toThrow(/finished SQL only/);
    expect(() => format('SELECT :x', { x: 1 })).toThrow(/finished SQL only/);
  });
});
