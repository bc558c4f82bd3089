/**
 * The layering of the code base is enforced by lint on every import path, relative ones included: a layer that
 * reaches one it may not is reported, however the path is spelled.
 */

import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: REPO });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(REPO, file) });
  return result.messages.filter((m) => m.ruleId === 'cutover/layering' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint layering', () => {
  it.each([
    ['src-main/core/orchestrator/x.ts', "import { createNodeHost } from '../../node/node-host';\nexport const x = createNodeHost;\n", /src-main\/core may not import src-main\/node\/node-host/],
    ['src-main/core/services/x.ts', "export { startWebServer } from '../../web/server';\n", /may not import src-main\/web\/server/],
    ['src-main/core/x.ts', "export const load = () => import('../cli/main');\n", /may not import src-main\/cli\/main/],
    ['src-shared/model/x.ts', "import type { Db } from '../../src-main/core/state/db';\nexport type X = Db;\n", /src-shared may not import src-main\/core\/state\/db/],
    ['src-renderer/stores/x.ts', "import { connect } from '../../src-worker/mysql/connect';\nexport const c = connect;\n", /src-renderer may not import src-worker\/mysql\/connect/],
    ['src-worker/units/x.ts', "import { openStateDb } from '../../src-main/core/state/db';\nexport const o = openStateDb;\n", /src-worker may not import src-main\/core\/state\/db/],
  ])('reports %s reaching across layers by a relative path', async (file, code, message) => {
    const errors = await layeringErrors(file, code);
    expect(errors.some((e) => message.test(e)), errors.join('\n')).toBe(true);
  });

  it('lets each layer import what it may', async () => {
    expect(await layeringErrors('src-main/core/orchestrator/x.ts', "import { AppError } from '../../../src-shared/errors';\nexport const e = AppError;\n")).toEqual([]);
    expect(await layeringErrors('src-main/cli/x.ts', "import { startWebServer } from '../web/server';\nexport const s = startWebServer;\n")).toEqual([]);
    expect(await layeringErrors('src-worker/units/x.ts', "import { AppError } from '../../src-shared/errors';\nexport const e = AppError;\n")).toEqual([]);
  });

  it('refuses a statement mode in the host, whose state database shares statements by their text', async () => {
    const [result] = await eslint.lintText("import type { Db } from './db';\nexport const ids = (db: Db) => db.prepare('SELECT id FROM t').pluck().all();\n", {
      filePath: join(REPO, 'src-main/core/state/x.ts'),
    });
    expect(result.messages.map((m) => m.message).join('\n')).toMatch(/shared by their text/);
  });

  it('still restricts packages by name', async () => {
    expect((await layeringErrors('src-main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).join('\n')).toMatch(/no electron/);
  });
});
