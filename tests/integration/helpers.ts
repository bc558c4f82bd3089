/** Shared pieces of the integration tests: the run's MariaDB servers, fresh state directories, the CLI as a process. */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { inject } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerEndpoint } from '../harness/mariadb';
import { createApp } from '../../src-main/core/app';
import type { CoreApp } from '../../src-main/core/app';
import { createNodeHost } from '../../src-main/node/node-host';
import type { ConnectionConfig, PrecheckCheck, PrecheckRun } from '../../src-shared/model';

export const REPO = join(import.meta.dirname, '..', '..');

export function servers(): { source: ServerEndpoint; destination: ServerEndpoint; seekdb: ServerEndpoint } {
  return inject('servers');
}

export function freshHome(label = 'home'): string {
  return mkdtempSync(join(tmpdir(), `cutover-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function createCore(home: string): CoreApp {
  return createApp(createNodeHost('cli', home));
}

/** Records the labels the host starts workers ahead for (still starting them) until `stop`. */
export function recordPrewarms(core: CoreApp): { labels: string[]; stop: () => void } {
  const { launcher } = core.services.host;
  const prewarm = launcher.prewarm?.bind(launcher);
  const labels: string[] = [];
  launcher.prewarm = (label) => {
    labels.push(label);
    prewarm?.(label);
  };
  return { labels, stop: () => (launcher.prewarm = prewarm) };
}

/** A data-path connection to a harness server, as a unit's config carries it. */
export function connectionTo(server: ServerEndpoint): ConnectionConfig {
  return { host: server.host, port: server.port, user: server.user, password: server.password, database: null, tls: { mode: 'off' } };
}

/** The run's MariaDB pair, as the source and destination of a unit's config. */
export function mariadbPair(): { source: ConnectionConfig; destination: ConnectionConfig; sourceFlavour: 'mariadb'; destinationFlavour: 'mariadb' } {
  const { source, destination } = servers();
  return { source: connectionTo(source), destination: connectionTo(destination), sourceFlavour: 'mariadb', destinationFlavour: 'mariadb' };
}

export async function rootConnection(server: ServerEndpoint, database?: string): Promise<Connection> {
  return createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database, multipleStatements: true });
}

export async function exec(server: ServerEndpoint, sql: string): Promise<void> {
  const connection = await rootConnection(server);
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cutover` exactly as a user would (through bin/cutover.mjs) with its own state directory. */
export function cli(home: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Every file under a directory, recursively, with its bytes. */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}

/** `cutover serve` as a process on a free port, with the URL (and token) it printed. */
export interface Served {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function serve(home: string): Promise<Served> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'cutover.mjs'), '--home', home, 'serve', '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Open: (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`cutover serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    },
  };
}


/** An HTTP answer read in full. */
export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET (or another method) from `cutover serve` on 127.0.0.1. */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the contract's WebSocket; rejects with `HTTP <status>` when the upgrade is refused. */
export function openSocket(port: number, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** The result frame for one call sent over an open socket; rejects when the socket closes first (with its code). */
export function callOverSocket(ws: WebSocket, frame: { id: number; method: string; input: unknown }, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error(`no answer to call ${frame.id} in ${timeoutMs} ms`))), timeoutMs);
    const onMessage = (data: Buffer) => {
      const reply = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (reply.kind === 'result' && reply.id === frame.id) finish(() => resolve(reply));
    };
    const onClose = (code: number) => finish(() => reject(new Error(`the socket closed with ${code} before answering call ${frame.id}`)));
    function finish(settle: () => void): void {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      settle();
    }
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(JSON.stringify(frame));
  });
}

/** A TCP connection to a server, for bytes no HTTP or WebSocket client would send. Never throws on write. */
export class RawConnection {
  private chunks: Buffer[] = [];
  private waiters = new Set<() => void>();
  isClosed = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.wake();
        resolve();
      }),
    );
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Everything received so far. */
  get data(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  write(bytes: Buffer | string): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }

  /** Waits until the received bytes satisfy `done`, the peer closes, or `ms` pass; true when `done`. */
  async waitFor(done: (data: Buffer) => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!done(this.data)) {
      const left = deadline - Date.now();
      if (this.isClosed || left <= 0) return done(this.data);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, left);
        const waiters = this.waiters;
        function wake(): void {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        }
        waiters.add(wake);
      });
    }
    return true;
  }

  /** Half-closes, waits up to `ms` for the server to close, then drops the connection. */
  async finish(ms = 2000): Promise<void> {
    if (!this.socket.destroyed) this.socket.end();
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, ms))]);
    this.socket.destroy();
  }

  /** Ends the connection with a TCP reset. */
  reset(): void {
    if (!this.socket.destroyed) this.socket.resetAndDestroy();
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

/** The status of an HTTP answer at the start of `data`, or null. */
export function statusOf(data: Buffer): number | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(data.subarray(0, 32).toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** Where the head of an HTTP answer ends in `data`, or -1. */
export function headEnd(data: Buffer): number {
  const at = data.indexOf('\r\n\r\n');
  return at < 0 ? -1 : at + 4;
}

/** A WebSocket upgrade request for the contract's path, with the given headers (repeats allowed). */
export function upgradeRequest(headers: [string, string][], path = '/api'): string {
  const lines = [`GET ${path} HTTP/1.1`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${Buffer.from('cutover-raw-key!').toString('base64')}`, 'Sec-WebSocket-Version: 13'];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A client→server WebSocket frame; every field can be set wrong. */
export interface FrameSpec {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  /** RSV1-3 as bits 0b100, 0b010, 0b001. */
  rsv?: number;
  /** A masking key, or false for an unmasked frame (which clients must never send). */
  mask?: Buffer | false;
  /** The length written in the header, when it should lie about the payload. */
  declaredLength?: number | bigint;
  /** How the length is written: in the 7-bit field, 16 bits or 64 bits; the shortest that fits by default. */
  lengthForm?: 7 | 16 | 64;
}

export function wsFrame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = BigInt(spec.declaredLength ?? payload.length);
  const form = spec.lengthForm ?? (length < 126n ? 7 : length < 65536n ? 16 : 64);
  const mask = spec.mask === undefined ? Buffer.from([0x37, 0xfa, 0x21, 0x3d]) : spec.mask;
  const head = [((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 7) << 4) | (spec.opcode & 0x0f)];
  const maskBit = mask ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (form === 7) head.push(maskBit | Number(length & 0x7fn));
  else if (form === 16) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length & 0xffffn));
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt.asUintN(64, length));
  }
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
  return Buffer.concat([Buffer.from(head), extended, mask || Buffer.alloc(0), body]);
}

/** The payload of a close frame: a code and a reason. */
export function closePayload(code: number, reason: Buffer | string = ''): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(code);
  return Buffer.concat([out, Buffer.from(reason)]);
}

/** The complete frames a server sent (unmasked), from `data` after the handshake. */
export function serverFrames(data: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    let length = data[at + 1] & 0x7f;
    let start = at + 2;
    if (length === 126) {
      if (start + 2 > data.length) break;
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > data.length) break;
      length = Number(data.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > data.length) break;
    frames.push({ opcode: data[at] & 0x0f, payload: data.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

/** The code of the first close frame in `frames`, or null. */
export function closeCodeOf(frames: { opcode: number; payload: Buffer }[]): number | null {
  const close = frames.find((f) => f.opcode === 0x8);
  if (!close) return null;
  return close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005;
}

/** One check of a precheck run, by id; a missing one fails the test with the ids the run has. */
export function precheckItem(run: PrecheckRun, id: string): PrecheckCheck {
  const found = run.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${run.checks.map((c) => c.id).join(', ')}`);
  return found;
}
