/** Files that repeat a rule of the code must say the same as the code. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security';
import { projectJsonSchema, SCHEMA_FILE } from '../../scripts/project-json-schema';

const ROOT = join(import.meta.dirname, '..', '..');

describe('published resources', () => {
  it('resources/project.schema.json is generated from the schema the app validates with', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'stale: run `npx tsx scripts/project-json-schema.ts`').toBe(projectJsonSchema());
  });

  it('the renderer page carries the same content security policy as the hosts send', () => {
    const html = readFileSync(join(ROOT, 'src-renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors has no effect in a meta tag; only the header carries it.
    const headerWithoutFrameAncestors = CONTENT_SECURITY_POLICY.replace(" frame-ancestors 'none';", '');
    expect(meta).toBe(headerWithoutFrameAncestors);
  });
});
