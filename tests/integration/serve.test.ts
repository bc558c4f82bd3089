/**
 * `cutover serve` as a process: loopback only, the token required for every
 * request (401 and nothing else without it), exactly one Host naming this
 * server and, for a WebSocket, at most one Origin that is exactly this server;
 * the renderer served with its security headers, and the contract over the
 * WebSocket with validation, pushed events and frames as large as the
 * contract allows. serve-fuzz.test.ts sends it everything else.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSchemas } from '../../src-shared/contract/ipc';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security';
import type { Served } from './helpers';
import { callOverSocket, freshHome, headEnd, httpGet as get, openSocket, RawConnection, removeDir, serve, servers, statusOf, upgradeRequest } from './helpers';

describe('cutover serve', () => {
  let home: string;
  let served: Served;
  let port: number;
  let token: string;
  let cookie: string;

  beforeAll(async () => {
    home = freshHome('serve');
    served = await serve(home);
    const url = served.url;
    const parsed = new URL(url);
    expect(parsed.hostname).toBe('127.0.0.1');
    port = Number(parsed.port);
    token = parsed.searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    cookie = `cutover_token=${token}`;
  });

  afterAll(async () => {
    await served.stop();
    removeDir(home);
  });

  it('answers 401 and nothing else without the token, or with a wrong one', async () => {
    for (const [path, headers] of [
      ['/', {}],
      ['/index.html', {}],
      ['/assets/anything.js', {}],
      ['/?token=wrong-token', {}],
      ['/', { Cookie: 'cutover_token=wrong' }],
      ['/', { Authorization: 'Bearer wrong' }],
    ] as [string, Record<string, string>][]) {
      const reply = await get(port, path, headers);
      expect(reply.status, path).toBe(401);
      expect(reply.body).toBe('Unauthorized\n');
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
  });

  it('trades the token in the URL for an HttpOnly SameSite cookie and drops it from the address', async () => {
    const reply = await get(port, `/?token=${token}`);
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    expect(String(reply.headers['set-cookie'])).toBe(`cutover_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('serves the renderer with its security headers once authenticated', async () => {
    const reply = await get(port, '/', { Cookie: cookie });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect(reply.body).toContain('<div id="app"></div>');
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(reply.body)?.[1];
    expect(script).toBeTruthy();
    const asset = await get(port, script!, { Authorization: `Bearer ${token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const reply = await get(port, '/', { Cookie: cookie, Host: `evil.example:${port}` });
    expect(reply.status).toBe(401);
  });

  it('refuses WebSockets without the token or from another origin', async () => {
    await expect(openSocket(port, {})).rejects.toThrow('HTTP 401');
    await expect(openSocket(port, { Cookie: 'cutover_token=nope' })).rejects.toThrow('HTTP 401');
    await expect(openSocket(port, { Cookie: cookie, Origin: 'http://evil.example' })).rejects.toThrow('HTTP 401');
  });

  it('accepts only this server as the Origin: scheme http, host and port exactly', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const ws = await openSocket(port, { Cookie: cookie, Origin: origin });
      ws.close();
    }
    for (const origin of [
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
      `http://127.0.0.1:${port}/`,
      `http://user@127.0.0.1:${port}`,
      `http://evil.example@127.0.0.1:${port}`,
      `ws://127.0.0.1:${port}`,
      `http://127.0.0.1.evil.example:${port}`,
      'http://127.0.0.1',
      'null',
      '',
    ]) {
      await expect(openSocket(port, { Cookie: cookie, Origin: origin }), origin).rejects.toThrow('HTTP 401');
    }
  });

  it('refuses a repeated Host, Origin or Authorization header even when each copy is right', async () => {
    const host: [string, string] = ['Host', `127.0.0.1:${port}`];
    const origin: [string, string] = ['Origin', `http://127.0.0.1:${port}`];
    const bearer: [string, string] = ['Authorization', `Bearer ${token}`];
    const answer = async (text: string) => {
      const connection = await RawConnection.open(port);
      connection.write(text);
      await connection.waitFor((data) => headEnd(data) > 0, 5000);
      await connection.finish();
      return statusOf(connection.data);
    };
    const page = (headers: [string, string][], version = '1.1') => `GET / HTTP/${version}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
    expect(await answer(page([host, bearer]))).toBe(200);
    expect(await answer(page([host, ['Host', 'evil.example'], bearer]))).toBe(401);
    expect(await answer(page([host, bearer, bearer]))).toBe(401);
    expect(await answer(page([bearer], '1.0'))).toBe(401);
    expect(await answer(upgradeRequest([host, origin, bearer]))).toBe(101);
    expect(await answer(upgradeRequest([host, origin, origin, bearer]))).toBe(401);
    expect(await answer(upgradeRequest([host, host, origin, bearer]))).toBe(401);
  });

  it('reads cookies and paths that do not decode as absent, without failing', async () => {
    expect((await get(port, '/', { Cookie: 'cutover_token=%' })).status).toBe(401);
    expect((await get(port, '/', { Cookie: `cutover_token=%E0%A4%A; cutover_token=${token}` })).status).toBe(200);
    for (const path of ['/%c0%ae', '/%zz', '/%', '/assets/%00.js']) {
      const reply = await get(port, path, { Cookie: cookie });
      expect(reply.status, path).toBe(404);
    }
    expect((await get(port, '/%c0%ae')).status).toBe(401);
  });

  it('carries the contract: results, validation errors and pushed events', async () => {
    const ws = await openSocket(port, { Cookie: cookie, Origin: `http://127.0.0.1:${port}` });
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
    const reply = async (id: number) => {
      for (let i = 0; i < 200; i++) {
        const frame = frames.find((f) => f.kind === 'result' && f.id === id);
        if (frame) return frame;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no reply to ${id}`);
    };

    ws.send(JSON.stringify({ id: 1, method: 'app/info', input: {} }));
    expect(await reply(1)).toMatchObject({ ok: true, result: { host: 'web', home, secretStore: 'key-file' } });

    ws.send(JSON.stringify({ id: 2, method: 'nope/nothing', input: {} }));
    expect(await reply(2)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Unknown method "nope/nothing".' } });

    ws.send(JSON.stringify({ id: 3, method: 'datasources/create', input: { name: 'x', host: 'h', port: 70000, user: 'u', password: 'p', extra: 1 } }));
    const invalid = (await reply(3)) as { ok: false; error: { code: string; details: string[] } };
    expect(invalid.error.code).toBe('invalid_input');
    expect(invalid.error.details).toEqual(['Port must be 1-65535', 'unknown field "extra"; check the spelling']);

    const { source } = servers();
    ws.send(JSON.stringify({ id: 4, method: 'datasources/create', input: { name: 'src', host: source.host, port: source.port, user: source.user, password: source.password } }));
    const created = (await reply(4)) as { ok: true; result: { id: string } };
    expect(created.ok).toBe(true);
    const event = frames.find((f) => f.kind === 'event' && f.event === 'datasources/changed');
    expect(event).toMatchObject({ payload: { id: created.result.id } });
    ws.close();
  });

  it('closes a socket that sends something other than a call', async () => {
    for (const [message, code] of [
      ['not json', 1008],
      ['[1, 2]', 1008],
      ['{"method": "app/info"}', 1008],
      [Buffer.from('{"id": 1, "method": "app/info", "input": {}}'), 1003],
    ] as const) {
      const ws = await openSocket(port, { Cookie: cookie });
      const closed = new Promise<number>((r) => ws.once('close', (c) => r(c)));
      ws.send(message);
      expect(await closed, String(message)).toBe(code);
    }
  });

  it('answers a malformed call that has an id with an error, and goes on', async () => {
    const ws = await openSocket(port, { Cookie: cookie });
    const wrong = { id: 7, method: 5, input: {}, extra: true } as unknown as { id: number; method: string; input: unknown };
    expect(await callOverSocket(ws, wrong)).toMatchObject({
      kind: 'result',
      id: 7,
      ok: false,
      error: { code: 'invalid_input', message: 'Invalid call frame: "method" must be a string, not a number; unknown field "extra"; check the spelling.' },
    });
    expect(await callOverSocket(ws, { id: 8, method: 'constructor', input: {} })).toMatchObject({ ok: false, error: { message: 'Unknown method "constructor".' } });
    expect(await callOverSocket(ws, { id: 9, method: 'app/info', input: {} })).toMatchObject({ ok: true });
    ws.close();
  });

  it('carries a settings file as long as the contract allows to a normal answer, whatever its characters', async () => {
    const longest = requestSchemas['projects/importFile'].shape.content.maxLength!;
    const ws = await openSocket(port, { Cookie: cookie });
    // A project file whose name is CJK text up to the limit: 3 bytes of UTF-8 per character, about 60 MB.
    const cjk = JSON.stringify({ name: '迁移'.repeat((longest - 20) / 2) });
    expect(cjk.length).toBeGreaterThan(longest - 100);
    const imported = await callOverSocket(ws, { id: 1, method: 'projects/importFile', input: { fileName: 'large.cutover.json', content: cjk } });
    expect(imported).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
    // Control characters travel as \u0001 (6 bytes each): the largest frame the contract allows, about 120 MB.
    const control = await callOverSocket(ws, { id: 2, method: 'projects/importFile', input: { fileName: 'control.cutover.json', content: '\u0001'.repeat(longest) } });
    expect(control).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
    const tooLong = await callOverSocket(ws, { id: 3, method: 'projects/importFile', input: { fileName: 'too-long.cutover.json', content: '迁'.repeat(longest + 1) } });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input', details: [expect.stringMatching(/^"content" must have at most/)] } });
    ws.close();
  });
});
