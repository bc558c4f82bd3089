/**
 * Reading a table at a known binlog position, for tables copied whole (no
 * key): the replay skips the table's changes up to that position, which the
 * copy already holds. MariaDB reports the position of a consistent snapshot
 * (binlog_snapshot_file/position); elsewhere the table is read under a READ
 * lock, writes to it waiting meanwhile.
 */

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Flavour } from '../../src-shared/model/flavour';
import type { BinlogPosition } from '../../src-shared/model/incremental';
import type { QualifiedName } from '../../src-shared/model/objects';
import { currentPosition } from './binlog';
import { quoteName } from './quote';

export interface Snapshot {
  position: BinlogPosition;
  release(): Promise<void>;
}

export async function openSnapshot(reader: Connection, table: QualifiedName, flavour: Flavour): Promise<Snapshot> {
  if (flavour === 'mariadb') {
    await reader.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
    const [rows] = await reader.query<RowDataPacket[]>("SHOW STATUS LIKE 'binlog_snapshot_%'");
    const value = (name: string) => String(rows.find((r) => String(r.Variable_name).toLowerCase() === name)?.Value ?? '');
    const file = value('binlog_snapshot_file');
    if (file) {
      return { position: { file, pos: Number(value('binlog_snapshot_position')), gtid: null }, release: async () => void (await reader.query('COMMIT')) };
    }
    await reader.query('COMMIT');
  }
  await reader.query(`LOCK TABLES ${quoteName(table)} READ`);
  const position = await currentPosition(reader);
  return { position, release: async () => void (await reader.query('UNLOCK TABLES')) };
}
