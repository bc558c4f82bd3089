/**
 * `cutover serve` as a process: loopback only, the token required for every
 * request (401 and nothing else without it), the renderer served with its
 * security headers, and the contract over the WebSocket with validation and
 * pushed events.
 */

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security';
import type { Served } from './helpers';
import { freshHome, removeDir, serve, servers } from './helpers';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(port: number, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

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
    expect(invalid.error.details).toEqual(['"port" must be 1-65535', 'unknown field "extra"; check the spelling']);

    const { source } = servers();
    ws.send(JSON.stringify({ id: 4, method: 'datasources/create', input: { name: 'src', host: source.host, port: source.port, user: source.user, password: source.password } }));
    const created = (await reply(4)) as { ok: true; result: { id: string } };
    expect(created.ok).toBe(true);
    const event = frames.find((f) => f.kind === 'event' && f.event === 'datasources/changed');
    expect(event).toMatchObject({ payload: { id: created.result.id } });
    ws.close();
  });

  it('closes a socket that sends something other than a call', async () => {
    const ws = await openSocket(port, { Cookie: cookie });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
  });
});
