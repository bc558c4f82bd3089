/**
 * Builds a table's secondary indexes once its data is in. All of them in one
 * ALTER TABLE when possible (one pass over the table instead of one per
 * index); one by one otherwise, or to find which one the destination refuses.
 * An index that already exists (built by a run whose answer was lost) counts
 * as built.
 */

import type { Connection } from 'mysql2/promise';
import type { QualifiedName } from '../../../src-shared/model/objects';
import { quoteName } from '../../mysql/quote';
import { describeSqlError, isTransient } from '../../mysql/transient';

const DUPLICATE_KEY_NAME = 1061;
const MAX_ATTEMPTS = 8;

export interface IndexToBuild {
  id: number;
  ddl: string;
}

export interface IndexBuilderPorts {
  writer(): Promise<Connection>;
  /** The connection failed: drop it so that the next writer() is fresh. */
  reset(): void;
  aborted(): boolean;
  report(id: number, status: 'running' | 'created' | 'failed', error: string | null): void;
}

/** Runs a statement, retrying transient failures on a fresh connection. */
async function execute(ports: IndexBuilderPorts, sql: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await (await ports.writer()).query(sql);
      return;
    } catch (error) {
      ports.reset();
      if (!isTransient(error) || attempt >= MAX_ATTEMPTS || ports.aborted()) throw error;
      await new Promise((r) => setTimeout(r, Math.min(10_000, 250 * 2 ** attempt)));
    }
  }
}

/** Returns the error of the first index the destination refused, or null when all are built. */
export async function buildIndexes(target: QualifiedName, indexes: IndexToBuild[], ports: IndexBuilderPorts): Promise<string | null> {
  for (const index of indexes) ports.report(index.id, 'running', null);
  const prefix = `ALTER TABLE ${quoteName(target)} `;
  if (indexes.length > 1 && indexes.every((i) => i.ddl.startsWith(prefix))) {
    try {
      await execute(ports, prefix + indexes.map((i) => i.ddl.slice(prefix.length)).join(', '));
      for (const index of indexes) ports.report(index.id, 'created', null);
      return null;
    } catch (error) {
      if (ports.aborted()) throw error;
      // Fall through: one at a time tells which index is refused, and skips those already there.
    }
  }
  for (const index of indexes) {
    try {
      await execute(ports, index.ddl);
    } catch (error) {
      if ((error as { errno?: number }).errno !== DUPLICATE_KEY_NAME) {
        if (ports.aborted()) throw error;
        const message = describeSqlError(error);
        ports.report(index.id, 'failed', message);
        return message;
      }
    }
    ports.report(index.id, 'created', null);
  }
  return null;
}
