/**
 * The destination's writer fence on a real server: a claim waits for the
 * transactions of older writers in flight, and afterwards nothing an older
 * writer does is committed (a Full-Import chunk, a replay lane, the replay's
 * bookkeeping); a claim at an older epoch is refused.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src-worker/mysql/connect';
import { WriterFence } from '../../src-worker/mysql/writer-fence';
import { Lane } from '../../src-worker/units/incr-sync/lane';
import { Meter } from '../../src-worker/runtime/meter';
import type { ConnectionConfig } from '../../src-shared/model';
import { exec, servers } from './helpers';

const DB = 'fence_test';
const PROJECT = 'p_fencetest';
const { destination } = servers();
const config: ConnectionConfig = { host: destination.host, port: destination.port, user: destination.user, password: destination.password, database: null, tls: { mode: 'off' } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rows(connection: Connection): Promise<number[]> {
  const [result] = await connection.query<RowDataPacket[]>(`SELECT id FROM ${DB}.t ORDER BY id`);
  return result.map((r) => Number(r.id));
}

describe('writer fence on the destination', () => {
  const connections: Connection[] = [];
  const open = async () => {
    const connection = await connect(config, { database: null, multipleStatements: true });
    connections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    await exec(destination, `DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; CREATE TABLE ${DB}.t (id INT PRIMARY KEY);`);
  });

  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.destroy();
    await exec(destination, `DELETE FROM cutover_meta.writer_fence WHERE project_id = '${PROJECT}'; DELETE FROM ${DB}.t;`);
  });

  afterAll(async () => {
    await exec(destination, `DROP DATABASE IF EXISTS ${DB};`);
  });

  it('lets a newer claim wait for an older writer in flight, then refuses everything the older writer does', async () => {
    const older = new WriterFence(PROJECT, 1);
    const newer = new WriterFence(PROJECT, 2);
    const oldWriter = await open();
    await older.claim(oldWriter, ['full-import:0']);
    await older.begin(oldWriter, 'full-import:0');
    await oldWriter.query(`INSERT INTO ${DB}.t VALUES (1)`);

    let claimed = false;
    const claim = newer.claim(await open(), ['full-import:0']).then(() => (claimed = true));
    await sleep(500);
    // The older chunk is still open: the claim waits for it rather than overtake it.
    expect(claimed).toBe(false);
    await oldWriter.query('COMMIT');
    await claim;

    // Its next chunk is refused before it writes, and a chunk it had open is never committed.
    await expect(older.begin(oldWriter, 'full-import:0')).rejects.toMatchObject({ code: 'lease_lost', message: expect.stringMatching(/newer run of project p_fencetest \(lease epoch 2\)/) });
    const reader = await open();
    expect(await rows(reader)).toEqual([1]);

    const newWriter = await open();
    await newer.begin(newWriter, 'full-import:0');
    await newWriter.query(`INSERT INTO ${DB}.t VALUES (2)`);
    await newWriter.query('COMMIT');
    expect(await rows(reader)).toEqual([1, 2]);
  });

  it('refuses a claim at an older epoch than the project already has', async () => {
    await new WriterFence(PROJECT, 5).claim(await open(), ['lane:0']);
    await expect(new WriterFence(PROJECT, 4).claim(await open(), ['lane:0'])).rejects.toMatchObject({ code: 'lease_lost' });
    // The same epoch again (a restarted worker of the same run) is fine.
    await new WriterFence(PROJECT, 5).claim(await open(), ['lane:0', 'lane:1']);
  });

  it('rolls back a replay lane whose fence moved on, changes and checkpoint alike', async () => {
    const older = new WriterFence(PROJECT, 1);
    await older.claim(await open(), ['lane:0']);
    const lane = new Lane(0, config, older);
    const meter = new Meter([], ['exec_ms', 'commit_ms']);
    await lane.apply([`INSERT INTO ${DB}.t VALUES (10)`], `INSERT INTO ${DB}.t VALUES (11)`, meter);
    await new WriterFence(PROJECT, 2).claim(await open(), ['lane:0']);
    await expect(lane.apply([`INSERT INTO ${DB}.t VALUES (12)`], `INSERT INTO ${DB}.t VALUES (13)`, meter)).rejects.toMatchObject({ code: 'lease_lost' });
    lane.reset();
    expect(await rows(await open())).toEqual([10, 11]);
  });
});
