/**
 * The browser host (F-51): serves the built renderer and the contract over a
 * WebSocket. Bound to 127.0.0.1 by default. Every request must carry the
 * random token printed at start (in the URL once, then in an HttpOnly
 * SameSite=Strict cookie, or as a Bearer header); anything else gets a bare
 * 401. The Host header must name this server and a WebSocket's Origin must be
 * this server, so other sites and DNS rebinding cannot reach the API.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { HostFrame } from '../../src-shared/contract/websocket';
import { callFrameSchema, WEBSOCKET_PATH } from '../../src-shared/contract/websocket';
import { AppError } from '../../src-shared/errors';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security';
import type { CoreApp } from '../core/app';

export const TOKEN_COOKIE = 'cutover_token';
const MAX_FRAME_BYTES = 25 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface ServeOptions {
  core: CoreApp;
  rendererDir: string;
  port: number;
  host?: string;
  /** Fixed token for tests; random otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(request: IncomingMessage): string | null {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

export async function startWebServer(options: ServeOptions): Promise<RunningServer> {
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new AppError({
      code: 'not_found',
      message: `The user interface is not built (${join(rendererDir, 'index.html')} is missing).`,
      workaround: 'Run `npm run build` in the Cutover directory, then start `cutover serve` again.',
    });
  }
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = options.port;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${bindHost}:${port}`]);

  function hostAllowed(request: IncomingMessage): boolean {
    return allowedHosts().has((request.headers.host ?? '').toLowerCase());
  }

  function authenticated(request: IncomingMessage, url: URL): boolean {
    const presented = url.searchParams.get('token') ?? bearerToken(request) ?? cookieToken(request);
    return presented !== null && sameSecret(presented, token);
  }

  function unauthorized(response: ServerResponse): void {
    response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end('Unauthorized\n');
  }

  function serveFile(response: ServerResponse, pathname: string): void {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = resolve(rendererDir, relative || 'index.html');
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      response.writeHead(404).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(rendererDir, 'index.html');
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    });
    response.end(readFileSync(file));
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!hostAllowed(request) || !authenticated(request, url)) return unauthorized(response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the URL for a cookie, and drop it from the address bar and history.
      url.searchParams.delete('token');
      response.writeHead(303, {
        'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
        'Cache-Control': 'no-store',
      });
      response.end();
      return;
    }
    serveFile(response, url.pathname);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const origin = request.headers.origin;
    const originAllowed = origin === undefined || allowedHosts().has(origin.replace(/^https?:\/\//, '').toLowerCase());
    if (url.pathname !== WEBSOCKET_PATH || !hostAllowed(request) || !originAllowed || !authenticated(request, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws));
  });

  sockets.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', async (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        ws.close(1008, 'frames must be JSON');
        return;
      }
      const frame = callFrameSchema.safeParse(raw);
      if (!frame.success) {
        ws.close(1008, 'invalid call frame');
        return;
      }
      const outcome = await options.core.dispatch(frame.data.method, frame.data.input);
      const reply: HostFrame = outcome.ok
        ? { kind: 'result', id: frame.data.id, ok: true, result: outcome.result }
        : { kind: 'result', id: frame.data.id, ok: false, error: outcome.error };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    });
  });

  const unsubscribe = options.core.events.subscribe((event, payload) => {
    const frame = JSON.stringify({ kind: 'event', event, payload } satisfies HostFrame);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, bindHost, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      sockets.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
