/**
 * Golden files: the DDL and notes of every case in fixtures/ for every
 * destination flavour and for seekdb, kept in golden/<case>.<destination>.sql
 * (the OceanBase and seekdb ones are also run on a live seekdb by
 * tests/integration/seekdb-schema.test.ts). They are the
 * specification of the conversion; review a diff in them like code.
 *
 * After an intended change, rewrite them with
 *   UPDATE_GOLDEN=1 npx vitest run --project unit tests/unit/dialect
 * and read every changed file before committing.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES } from './fixtures';
import { DESTINATIONS, renderCase } from './render-case';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('DDL conversion golden files', () => {
  for (const dialectCase of CASES) {
    for (const destination of DESTINATIONS) {
      it(`${dialectCase.name} → ${destination.name}`, () => {
        const file = join(GOLDEN, `${dialectCase.name}.${destination.name}.sql`);
        const actual = renderCase(dialectCase, destination);
        if (update) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(file, actual);
          return;
        }
        if (!existsSync(file)) throw new Error(`No golden file ${file}: run with UPDATE_GOLDEN=1 to create it, then review it.`);
        expect(actual).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});
