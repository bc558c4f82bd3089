/**
 * The browser host (F-51): serves the built renderer and the contract over a
 * WebSocket. Bound to 127.0.0.1 by default. Every request must carry the
 * random token printed at start (in the URL once, then in an HttpOnly
 * SameSite=Strict cookie, or as a Bearer header); anything else gets a bare
 * 401. The Host header must name this server and a WebSocket's Origin must be
 * this server, so other sites and DNS rebinding cannot reach the API.
 *
 * No request can stop the host: every decode is guarded (guards.ts), every
 * socket has an 'error' listener, malformed HTTP is answered by 'clientError',
 * and a failing handler answers 500 (HTTP) or closes its WebSocket with a
 * code (socket-api.ts).
 */

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { HostFrame } from '../../src-shared/contract/websocket';
import { MAX_CALL_FRAME_BYTES, WEBSOCKET_PATH } from '../../src-shared/contract/websocket';
import { AppError } from '../../src-shared/errors';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security';
import type { CoreApp } from '../core/app';
import type { Guards } from './guards';
import { createGuards, requestTarget, safeDecode, TOKEN_COOKIE } from './guards';
import type { Report } from './socket-api';
import { sendText, serializeFrame, serveSocket } from './socket-api';

export { TOKEN_COOKIE } from './guards';

/** How long a refused or malformed connection may linger after its answer before it is dropped. */
const LINGER_MS = 2000;

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

function requireRenderer(rendererDir: string): void {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new AppError({
      code: 'not_found',
      message: `The user interface is not built (${join(rendererDir, 'index.html')} is missing).`,
      workaround: 'Run `npm run build` in the Cutover directory, then start `cutover serve` again.',
    });
  }
}

/** Answers with a status and a short text body (or none) and nothing else. */
function plain(response: ServerResponse, status: number, body = ''): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(body);
}

function unauthorized(response: ServerResponse): void {
  plain(response, 401, 'Unauthorized\n');
}

/** Answers on a raw socket that is no longer HTTP-parsed, then drops it. */
function answerRaw(socket: Duplex, statusLine: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${statusLine}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** Malformed HTTP (bad request line, header overflow, time-out...): 400 (431, 408 where they apply), then close. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  if (error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large'
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout'
    : '400 Bad Request';
  answerRaw(socket, status);
}

/** The file under rendererDir for a request path (index.html for the app's own routes), or null for a bad path. */
function fileFor(rendererDir: string, pathname: string): string | null {
  const decoded = safeDecode(pathname);
  if (decoded === null || decoded.includes('\0')) return null;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const file = resolve(rendererDir, relative || 'index.html');
  if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return null;
  return isFile(file) ? file : join(rendererDir, 'index.html');
}

/** False for anything but a regular file, including a path through a file (`index.html/x` fails with ENOTDIR). */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function serveFile(response: ServerResponse, rendererDir: string, pathname: string): void {
  const file = fileFor(rendererDir, pathname);
  if (file === null) return plain(response, 404);
  const body = readFileSync(file);
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
  });
  response.end(body);
}

interface HttpContext {
  guards: Guards;
  token: string;
  rendererDir: string;
}

function handleRequest(context: HttpContext, request: IncomingMessage, response: ServerResponse): void {
  const target = requestTarget(request.url);
  if (!context.guards.hostAllowed(request) || !context.guards.authenticated(request, target)) return unauthorized(response);
  if (target === null) return plain(response, 400, 'Bad Request\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  if (target.searchParams.has('token')) {
    // Trade the token in the URL for a cookie, and drop it from the address bar and history.
    target.searchParams.delete('token');
    response.writeHead(303, {
      'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(context.token)}; HttpOnly; SameSite=Strict; Path=/`,
      Location: `${target.pathname}${target.search}`,
      'Cache-Control': 'no-store',
    });
    response.end();
    return;
  }
  serveFile(response, context.rendererDir, target.pathname);
}

function createHttpServer(context: HttpContext, report: Report): Server {
  const server = createServer((request, response) => {
    request.on('error', () => request.socket.destroy());
    response.on('error', () => response.socket?.destroy());
    try {
      handleRequest(context, request, response);
    } catch (error) {
      // Not the URL: it may carry the token.
      report(`a ${String(request.method)} request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (response.headersSent) response.destroy();
      else plain(response, 500, 'Internal Server Error\n');
    }
  });
  server.on('clientError', answerClientError);
  return server;
}

function acceptUpgrades(server: Server, sockets: WebSocketServer, guards: Guards, report: Report): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP parser let go of this socket: its errors are ours to handle.
    socket.on('error', () => socket.destroy());
    try {
      const target = requestTarget(request.url);
      const allowed = target?.pathname === WEBSOCKET_PATH && guards.hostAllowed(request) && guards.originAllowed(request) && guards.authenticated(request, target);
      if (!allowed) return answerRaw(socket, '401 Unauthorized');
      sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
    } catch (error) {
      report(`a WebSocket upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    }
  });
}

/** Failures of the host itself go to the activity log (stderr when even that fails): they are bugs, never a client's doing. */
function reporter(core: CoreApp): Report {
  return (message) => {
    try {
      core.services.logs.write('error', 'host', `Browser host: ${message}`);
    } catch {
      process.stderr.write(`cutover serve: ${message}\n`);
    }
  };
}

export async function startWebServer(options: ServeOptions): Promise<RunningServer> {
  const rendererDir = resolve(options.rendererDir);
  requireRenderer(rendererDir);
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = options.port;
  const guards = createGuards({ token, bindHost, port: () => port });
  const report = reporter(options.core);

  const server = createHttpServer({ guards, token, rendererDir }, report);
  // The limit fits the largest call the contract allows (see MAX_CALL_FRAME_BYTES); no compression, so no inflation.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CALL_FRAME_BYTES, perMessageDeflate: false, skipUTF8Validation: false });
  const clients = new Set<WebSocket>();
  acceptUpgrades(server, sockets, guards, report);
  sockets.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    serveSocket(ws, options.core.dispatch, report);
  });

  const unsubscribe = options.core.events.subscribe((event, payload) => {
    const frame = serializeFrame({ kind: 'event', event, payload } satisfies HostFrame);
    if (frame === null) return report(`the ${event} event could not be serialized`);
    for (const ws of clients) sendText(ws, frame);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, bindHost, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  // Once listening, an error (e.g. too many open files on accept) is reported; the server goes on.
  server.on('error', (error) => report(`the server reported: ${error.message}`));
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
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
