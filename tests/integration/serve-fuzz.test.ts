/**
 * `cutover serve` survives any input. Every input known to have stopped the
 * process is a case of its own; then a corpus generated from a seeded PRNG:
 * raw HTTP requests, hand-built WebSocket frames and call messages, sent
 * before and after authentication. After each named case, and after each
 * batch of generated ones, the same process must still be running, serve the
 * renderer and answer a call. A failure names its case (or its batch, seed
 * and inputs). CUTOVER_FUZZ_SEED picks another seed.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { requestSchemas } from '../../src-shared/contract/ipc';
import { MAX_CALL_FRAME_BYTES } from '../../src-shared/contract/websocket';
import type { FrameSpec, Served } from './helpers';
import {
  callOverSocket,
  closeCodeOf,
  closePayload,
  freshHome,
  headEnd,
  httpGet,
  openSocket,
  RawConnection,
  removeDir,
  serve,
  serverFrames,
  statusOf,
  upgradeRequest,
  wsFrame,
} from './helpers';
import { seededRandom } from '../seeded-random';

const SEED = Number(process.env.CUTOVER_FUZZ_SEED ?? 0x5eedc0de) >>> 0;
const COUNTS = { http: 3000, frames: 2500, messages: 2500 };
const BATCH = 25;
const METHODS = Object.keys(requestSchemas);
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

let home: string;
let served: Served;
let port: number;
let token: string;
let cookie: string;
let origin: string;
let stderr = '';

// ---------------------------------------------------------------- the server and its liveness

beforeAll(async () => {
  home = freshHome('serve-fuzz');
  served = await serve(home);
  served.process.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = new URL(served.url);
  port = Number(url.port);
  token = url.searchParams.get('token')!;
  cookie = `cutover_token=${token}`;
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await served.stop();
  removeDir(home);
});

/** The process is running, serves the renderer and answers a call over a new WebSocket. */
async function alive(label: string): Promise<void> {
  try {
    expect(served.process.exitCode, 'exit code').toBeNull();
    const page = await httpGet(port, '/', { Cookie: cookie });
    expect(page.status, 'GET /').toBe(200);
    const ws = await openSocket(port, { Cookie: cookie, Origin: origin });
    const reply = await callOverSocket(ws, { id: 1, method: 'app/info', input: {} }, 10_000);
    ws.close();
    expect(reply, 'app/info').toMatchObject({ ok: true, result: { host: 'web' } });
  } catch (error) {
    throw new Error(`after ${label}, cutover serve is not answering: ${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  }
}

// ---------------------------------------------------------------- raw exchanges

/** Sends bytes as one HTTP connection, half-closes, and returns the status answered (null for none). */
async function rawHttp(bytes: Buffer | string): Promise<number | null> {
  const connection = await RawConnection.open(port);
  connection.write(bytes);
  await connection.finish();
  return statusOf(connection.data);
}

const authHeaders = (): [string, string][] => [
  ['Host', `127.0.0.1:${port}`],
  ['Cookie', cookie],
  ['Origin', origin],
];

/** An authenticated WebSocket over a raw connection: frames written to it reach the contract. */
async function rawSocket(): Promise<{ connection: RawConnection; offset: number }> {
  const connection = await RawConnection.open(port);
  connection.write(upgradeRequest(authHeaders()));
  await connection.waitFor((data) => headEnd(data) > 0, 5000);
  expect(statusOf(connection.data), 'upgrade').toBe(101);
  return { connection, offset: headEnd(connection.data) };
}

/** Writes frames on an authenticated socket and returns the code of the close frame the host answers with. */
async function closeCodeFor(...frames: Buffer[]): Promise<number | null> {
  const { connection, offset } = await rawSocket();
  connection.write(Buffer.concat(frames));
  const hasClose = (data: Buffer) => closeCodeOf(serverFrames(data.subarray(offset))) !== null;
  await connection.waitFor(hasClose, 5000);
  await connection.finish();
  return closeCodeOf(serverFrames(connection.data.subarray(offset)));
}

/**
 * Sends calls over a new WebSocket and waits for their answers; then sends `closer`, if any, and waits
 * for the socket to close. Returns the result frames and the close code (null when it stayed open).
 */
async function exchange(calls: string[], closer?: string | Buffer): Promise<{ results: Record<string, unknown>[]; code: number | null }> {
  const ws: WebSocket = await openSocket(port, { Cookie: cookie, Origin: origin });
  const results: Record<string, unknown>[] = [];
  let code: number | null = null;
  let wake = () => {};
  const until = async (done: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!done() && code === null && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  };
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    if (frame.kind === 'result') results.push(frame);
    wake();
  });
  ws.on('close', (closeCode: number) => {
    code = closeCode;
    wake();
  });
  ws.on('error', () => undefined);
  for (const call of calls) ws.send(call);
  await until(() => results.length >= calls.length);
  if (closer !== undefined && code === null) {
    ws.send(closer);
    await until(() => false);
  }
  if (code === null) ws.terminate();
  return { results, code };
}

function deep(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + close.repeat(depth);
}

function deepObject(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const frame = (spec: FrameSpec) => wsFrame(spec);
const text = (payload: string | Buffer, extra: Partial<FrameSpec> = {}) => frame({ opcode: OP.text, payload: Buffer.from(payload), ...extra });

// ---------------------------------------------------------------- named cases

interface NamedCase {
  name: string;
  run(): Promise<void>;
}

function httpCases(): NamedCase[] {
  const get = (path: string, headers: string[]) => `GET ${path} HTTP/1.1\r\n${[`Host: 127.0.0.1:${port}`, ...headers].map((h) => `${h}\r\n`).join('')}\r\n`;
  const expectStatus = (name: string, status: number, bytes: () => string | Buffer): NamedCase => ({
    name,
    run: async () => expect(await rawHttp(bytes())).toBe(status),
  });
  return [
    expectStatus('HTTP: a token cookie that does not decode, without the token', 401, () => get('/', ['Cookie: cutover_token=%'])),
    expectStatus('HTTP: a token cookie that does not decode, next to the right one', 200, () => get('/', [`Cookie: cutover_token=%E0%A4%A; ${cookie}`])),
    expectStatus('HTTP: path /%c0%ae (overlong UTF-8) with the token', 404, () => get('/%c0%ae', [`Cookie: ${cookie}`])),
    expectStatus('HTTP: path /%zz with the token', 404, () => get('/%zz', [`Cookie: ${cookie}`])),
    expectStatus('HTTP: path /% with the token', 404, () => get('/%', [`Cookie: ${cookie}`])),
    expectStatus('HTTP: path with %00 with the token', 404, () => get('/assets/%00.js', [`Cookie: ${cookie}`])),
    expectStatus('HTTP: a path through a file (/index.html%2fx) with the token', 200, () => get('/index.html%2fx', [`Cookie: ${cookie}`])),
    // Relative to a base, `//[` is a URL with a broken host; as a request target it is a path (the app's index).
    expectStatus('HTTP: a target that is no URL relative to a base (//[) with the token', 200, () => get('//[', [`Cookie: ${cookie}`])),
    expectStatus('HTTP: a target that is no URL relative to a base (//[), without the token', 401, () => get('//[', [])),
    expectStatus('HTTP: an absolute-form target (http://[) with the token', 400, () => get('http://[', [`Cookie: ${cookie}`])),
    expectStatus('HTTP: two Host headers, the first one right', 401, () => get('/', ['Host: evil.example', `Cookie: ${cookie}`])),
    expectStatus('HTTP: two Authorization headers, both right', 401, () => get('/', [`Authorization: Bearer ${token}`, `Authorization: Bearer ${token}`])),
    expectStatus('HTTP: a malformed request line', 400, () => 'GET\0/ HTTP/1.1\r\n\r\n'),
    expectStatus('HTTP: headers over the size limit', 431, () => get('/', [`Cookie: ${cookie}`, `X-Big: ${'a'.repeat(64 * 1024)}`])),
    expectStatus('HTTP: conflicting Content-Length headers', 400, () => get('/', ['Content-Length: 1', 'Content-Length: 2'])),
    expectStatus('HTTP: Content-Length and chunked together', 400, () => get('/', ['Content-Length: 1', 'Transfer-Encoding: chunked'])),
    expectStatus('HTTP: a request cut off inside the headers', 400, () => `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: cutov`),
    expectStatus('HTTP: garbage bytes', 400, () => Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])),
    { name: 'HTTP: a CONNECT request', run: async () => void (await rawHttp(`CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)) },
    { name: 'HTTP: a connection reset in the middle of a request', run: () => resetAfter(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}`) },
    { name: 'HTTP: a connection reset right after a complete request', run: () => resetAfter(get('/', [`Cookie: ${cookie}`])) },
    {
      name: 'HTTP: a slow partial request, then closed',
      run: async () => {
        const connection = await RawConnection.open(port);
        for (const part of ['GET / HT', 'TP/1.1\r\nHo', `st: 127.0.0.1:${port}\r\n`]) {
          connection.write(part);
          await new Promise((r) => setTimeout(r, 20));
        }
        connection.socket.destroy();
      },
    },
  ];
}

async function resetAfter(bytes: string): Promise<void> {
  const connection = await RawConnection.open(port);
  connection.write(bytes);
  await new Promise((r) => setTimeout(r, 10));
  connection.reset();
}

function upgradeCases(): NamedCase[] {
  const host = (): [string, string] => ['Host', `127.0.0.1:${port}`];
  const refused = (name: string, headers: () => [string, string][], path = '/api', status = 401): NamedCase => ({
    name,
    run: async () => expect(await rawHttp(upgradeRequest(headers(), path))).toBe(status),
  });
  return [
    refused('upgrade: a token cookie that does not decode', () => [host(), ['Cookie', 'cutover_token=%']]),
    refused('upgrade: a path that does not decode', () => authHeaders(), '/api%zz'),
    refused('upgrade: a request target that is not a URL', () => authHeaders(), '//['),
    refused('upgrade: Origin https://127.0.0.1:PORT for this http host', () => [host(), ['Cookie', cookie], ['Origin', `https://127.0.0.1:${port}`]]),
    refused('upgrade: two Origin headers, both right', () => [...authHeaders(), ['Origin', origin]]),
    refused('upgrade: two Host headers, the first one right', () => [...authHeaders(), ['Host', 'evil.example']]),
    refused('upgrade: two Authorization headers, both right', () => [host(), ['Authorization', `Bearer ${token}`], ['Authorization', `Bearer ${token}`]]),
    {
      name: 'upgrade: an invalid WebSocket handshake with the token',
      run: async () => expect(await rawHttp(upgradeRequest(authHeaders()).replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 99'))).toBe(400),
    },
    { name: 'upgrade: a connection reset before the answer', run: () => resetAfter(upgradeRequest(authHeaders()).slice(0, -2)) },
    {
      name: 'upgrade: frames sent after a refused upgrade are not read',
      run: async () => {
        const connection = await RawConnection.open(port);
        connection.write(Buffer.concat([Buffer.from(upgradeRequest([host()])), text('{"id":1,"method":"app/info","input":{}}'), frame({ opcode: 0x3, mask: false })]));
        await connection.finish();
        expect(statusOf(connection.data)).toBe(401);
        expect(connection.data.subarray(headEnd(connection.data)).length).toBe(0);
      },
    },
  ];
}

function frameCases(): NamedCase[] {
  const closesWith = (name: string, code: number, frames: () => Buffer[]): NamedCase => ({
    name,
    run: async () => expect(await closeCodeFor(...frames())).toBe(code),
  });
  const reserved = [0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf].map((op) =>
    closesWith(`WebSocket: reserved opcode 0x${op.toString(16)}`, 1002, () => [frame({ opcode: op, payload: Buffer.from('x') })]),
  );
  const badCodes = [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535].map((code) =>
    closesWith(`WebSocket: a close frame with code ${code}`, 1002, () => [frame({ opcode: OP.close, payload: closePayload(code) })]),
  );
  return [
    closesWith('WebSocket: a message over the frame limit (declared length)', 1009, () => [frame({ opcode: OP.text, declaredLength: MAX_CALL_FRAME_BYTES + 1 })]),
    closesWith('WebSocket: a message over the frame limit across fragments', 1009, () => [
      text('{"id":', { fin: false }),
      frame({ opcode: OP.continuation, declaredLength: MAX_CALL_FRAME_BYTES }),
    ]),
    closesWith('WebSocket: a 64-bit length above 2^53', 1009, () => [frame({ opcode: OP.binary, declaredLength: 2n ** 63n })]),
    closesWith('WebSocket: a 64-bit length of 2^64-1', 1009, () => [frame({ opcode: OP.text, declaredLength: 2n ** 64n - 1n })]),
    closesWith('WebSocket: invalid UTF-8 in a text frame', 1007, () => [text(Buffer.from([0x7b, 0xc0, 0xae, 0x7d]))]),
    closesWith('WebSocket: invalid UTF-8 split across fragments', 1007, () => [text(Buffer.from([0xe2, 0x82]), { fin: false }), frame({ opcode: OP.continuation, payload: Buffer.from([0x28]) })]),
    closesWith('WebSocket: a lone surrogate encoded in UTF-8', 1007, () => [text(Buffer.from([0xed, 0xa0, 0x80]))]),
    closesWith('WebSocket: RSV1 set', 1002, () => [text('{}', { rsv: 0b100 })]),
    closesWith('WebSocket: RSV2 set', 1002, () => [text('{}', { rsv: 0b010 })]),
    closesWith('WebSocket: RSV3 set', 1002, () => [text('{}', { rsv: 0b001 })]),
    closesWith('WebSocket: an unmasked client frame', 1002, () => [text('{}', { mask: false })]),
    ...reserved,
    ...badCodes,
    closesWith('WebSocket: a close frame with a 1-byte payload', 1002, () => [frame({ opcode: OP.close, payload: Buffer.from([0x03]) })]),
    closesWith('WebSocket: a close reason in invalid UTF-8', 1007, () => [frame({ opcode: OP.close, payload: closePayload(1000, Buffer.from([0xff, 0xfe])) })]),
    closesWith('WebSocket: a ping over 125 bytes', 1002, () => [frame({ opcode: OP.ping, payload: Buffer.alloc(126, 1) })]),
    closesWith('WebSocket: a close frame over 125 bytes', 1002, () => [frame({ opcode: OP.close, payload: closePayload(1000, 'x'.repeat(200)) })]),
    closesWith('WebSocket: a fragmented ping', 1002, () => [frame({ opcode: OP.ping, fin: false, payload: Buffer.from('a') })]),
    closesWith('WebSocket: a fragmented close', 1002, () => [frame({ opcode: OP.close, fin: false, payload: closePayload(1000) })]),
    closesWith('WebSocket: a continuation without a first fragment', 1002, () => [frame({ opcode: OP.continuation, payload: Buffer.from('x') })]),
    closesWith('WebSocket: a new message inside a fragmented one', 1002, () => [text('{"id"', { fin: false }), text('{}')]),
    closesWith('WebSocket: a binary frame', 1003, () => [frame({ opcode: OP.binary, payload: Buffer.from('{"id":1,"method":"app/info","input":{}}') })]),
    closesWith('WebSocket: a text frame that is not JSON', 1008, () => [text('not json')]),
    closesWith('WebSocket: a normal close', 1000, () => [frame({ opcode: OP.close, payload: closePayload(1000, 'bye') })]),
    {
      name: 'WebSocket: a frame whose length promises more than is sent, then a reset',
      run: async () => {
        const { connection } = await rawSocket();
        connection.write(frame({ opcode: OP.text, declaredLength: 4096, payload: Buffer.from('{"id":1') }));
        await new Promise((r) => setTimeout(r, 20));
        connection.reset();
      },
    },
  ];
}

function messageCases(): NamedCase[] {
  const closes = (name: string, message: () => string | Buffer, code: number): NamedCase => ({
    name,
    run: async () => expect((await exchange([], message())).code).toBe(code),
  });
  const answered = (name: string, message: () => string, match: Record<string, unknown>): NamedCase => ({
    name,
    run: async () => {
      const { results } = await exchange([message()]);
      expect(results[0]).toMatchObject(match);
    },
  });
  const refusal = { kind: 'result', ok: false, error: { code: 'invalid_input' } };
  const deepInputs = METHODS.flatMap((method) => [
    answered(`calls: ${method} with an input 10,000 arrays deep`, () => `{"id":5,"method":"${method}","input":${deep(10_000)}}`, { id: 5, ok: false }),
    answered(`calls: ${method} with every field 10,000 objects deep`, () => `{"id":6,"method":"${method}","input":${deepFields(method, 10_000)}}`, { id: 6, ok: false }),
  ]);
  const keys = () => Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',');
  return [
    closes('calls: JSON without an id', () => '{"method":"app/info","input":{}}', 1008),
    closes('calls: a JSON array', () => '[1,2,3]', 1008),
    closes('calls: a frame 10,000 arrays deep', () => deep(10_000), 1008),
    closes('calls: a frame 1,000,000 arrays deep', () => deep(1_000_000), 1008),
    closes('calls: JSON with a byte order mark', () => '\ufeff{"id":1,"method":"app/info","input":{}}', 1008),
    closes('calls: a binary frame holding a call', () => Buffer.from('{"id":1,"method":"app/info","input":{}}'), 1003),
    answered('calls: a method that is not a string', () => '{"id":2,"method":7,"input":{}}', { id: 2, ...refusal }),
    answered('calls: an id and nothing else', () => '{"id":3}', { id: 3, ...refusal }),
    answered('calls: an extra field', () => '{"id":4,"method":"app/info","input":{},"then":1}', { id: 4, ...refusal }),
    answered('calls: an extra field 10,000 objects deep', () => `{"id":4,"method":"app/info","input":{},"then":${deepObject(10_000)}}`, { id: 4, ...refusal }),
    ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'].map((method) =>
      answered(`calls: the method name ${method}`, () => `{"id":7,"method":"${method}","input":{}}`, { id: 7, ok: false, error: { message: `Unknown method "${method}".` } }),
    ),
    answered('calls: __proto__ as an input key', () => '{"id":8,"method":"app/info","input":{"__proto__":{"polluted":true}}}', { id: 8, ...refusal }),
    answered('calls: an input 1,000,000 arrays deep', () => `{"id":9,"method":"projects/list","input":${deep(1_000_000)}}`, { id: 9, ...refusal }),
    answered('calls: an input with 100,000 keys', () => `{"id":10,"method":"app/info","input":{${keys()}}}`, { id: 10, ...refusal }),
    ...deepInputs,
  ];
}

/** An input object naming each field of the method's schema, each holding a value `depth` objects deep. */
function deepFields(method: string, depth: number): string {
  const schema = requestSchemas[method as keyof typeof requestSchemas] as { shape?: Record<string, unknown> };
  const keys = Object.keys(schema.shape ?? {});
  if (keys.length === 0) keys.push('value');
  return `{${keys.map((key) => `"${key}":${deepObject(depth)}`).join(',')}}`;
}

describe('cutover serve survives every input known to have stopped it', () => {
  for (const named of [...httpCases(), ...upgradeCases(), ...frameCases(), ...messageCases()]) {
    it(named.name, async () => {
      await named.run().catch(async (error: unknown) => {
        await new Promise((r) => setTimeout(r, 100));
        if (served.process.exitCode === null) throw error;
        throw new Error(`cutover serve stopped (exit code ${served.process.exitCode}) on ${named.name}\n${stderr}`);
      });
      await alive(named.name);
    });
  }
});

// ---------------------------------------------------------------- the generated corpus

/** The shared seeded generator, with the picks the corpus needs. */
class Rng {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

/** Bytes written as a latin1 string, so that text and raw bytes mix in one request. */
const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const PATH_PIECES = [
  'a', 'index.html', 'assets', 'api', '..', '.', '%2e%2e', '%2f', '%5c', '%c0%ae', '%zz', '%', '%e0%a4%a', '%ff', '%00', '%u2215',
  '%%32%65', '~', ';', '@', ':', '#', '?token=', '?token=%', '&', '\\', '//', latin1('é'), latin1('\u2028'), ' ', '\t', '%0d%0a', '*',
];
const BAD_ESCAPES = ['%', '%z', '%zz', '%c0%ae', '%e0%a4%a', '%ff%fe', '%ed%a0%80', '%%', '%0'];
const HTTP_METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'get', 'G ET', '', 'PRI', 'M-SEARCH'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1 extra', 'http/1.1', ''];

/** Raw bytes in a target: as they are (the parser may refuse them), or %-escaped so the request reaches the host. */
function rawBytes(rng: Rng, length: number, escaped: boolean): string {
  const bytes = rng.bytes(length);
  return escaped ? [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('') : bytes.toString('latin1');
}

function randomPath(rng: Rng, wellFormed: boolean): string {
  const pieces = PATH_PIECES.filter((p) => !wellFormed || !/[\s\x80-\xff]/.test(p));
  const parts = Array.from({ length: 1 + rng.int(6) }, () => (rng.chance(0.15) ? rawBytes(rng, 1 + rng.int(4), wellFormed) : rng.pick(pieces)));
  return parts.join(rng.pick(['/', '/', '', '%2f']));
}

function randomTarget(rng: Rng, wellFormed: boolean): string {
  switch (rng.int(9)) {
    case 0:
      return '/';
    case 1:
      return `//${randomPath(rng, wellFormed)}`;
    case 2:
      return `http://127.0.0.1:${port}/${randomPath(rng, wellFormed)}`;
    case 3:
      return wellFormed ? `/${rawBytes(rng, 1 + rng.int(20), true)}` : rng.bytes(1 + rng.int(20)).toString('latin1');
    case 4:
      return `/?token=${rng.pick([token, rng.pick(BAD_ESCAPES), 'x'])}`;
    case 5:
      return `/api${rng.chance(0.5) ? rng.pick(BAD_ESCAPES) : ''}`;
    default:
      return `/${randomPath(rng, wellFormed)}`;
  }
}

function credentialHeaders(rng: Rng): string[] {
  switch (rng.int(8)) {
    case 0:
      return [];
    case 1:
      return [`Cookie: cutover_token=${rng.pick(BAD_ESCAPES)}`];
    case 2:
      return [`Cookie: cutover_token=${rng.pick(BAD_ESCAPES)}; ${cookie}`, ...(rng.chance(0.3) ? [`Cookie: cutover_token=${rng.pick(BAD_ESCAPES)}`] : [])];
    case 3:
      return [`Authorization: Bearer ${token}`, ...(rng.chance(0.5) ? [`Authorization: Bearer ${token}`] : [])];
    case 4:
      return [`Authorization: ${rng.pick(['Bearer', 'Basic Og==', 'Bearer  ', latin1('Bearer é')])}`, `Cookie: ${cookie}`];
    case 5:
      return [`Cookie: ${'a=b; '.repeat(rng.int(500))}${cookie}`];
    default:
      return [`Cookie: ${cookie}`];
  }
}

/** One more header line; a well-formed request gets only lines an HTTP parser accepts. */
function extraHeader(rng: Rng, wellFormed: boolean): string {
  const kind = wellFormed ? rng.pick([0, 2, 3, 4, 5, 6, 7, 11, 12, 13]) : rng.int(14);
  switch (kind) {
    case 0:
      return `Origin: ${rng.pick([origin, `https://127.0.0.1:${port}`, 'null', '', `http://127.0.0.1:${port}/x`, `http://a@127.0.0.1:${port}`, latin1('http://é')])}`;
    case 1:
      return `Content-Length: ${rng.pick(['0', '5', '-1', '99999999999999999999', 'abc', '1, 2', ''])}`;
    case 2:
      return `Transfer-Encoding: ${rng.pick(['chunked', 'gzip, chunked', 'identity', 'chunked, chunked', ''])}`;
    case 3:
      return `Connection: ${rng.pick(['keep-alive', 'close', 'Upgrade', 'upgrade, keep-alive', ''])}`;
    case 4:
      return `Upgrade: ${rng.pick(['websocket', 'h2c', 'WebSocket', ''])}`;
    case 5:
      return `Sec-WebSocket-${rng.pick(['Key', 'Version', 'Protocol', 'Extensions'])}: ${rng.pick(['dGhlIHNhbXBsZSBub25jZQ==', '13', '8', 'permessage-deflate', rng.bytes(8).toString('base64')])}`;
    case 6:
      return `Host: ${rng.pick([`127.0.0.1:${port}`, 'evil.example', '', `localhost:${port}`, '[::1', `127.0.0.1:${port}@evil`])}`;
    case 7:
      return 'Expect: 100-continue';
    case 8:
      return `X-${rng.int(1000)}: ${rng.bytes(rng.int(40)).toString('latin1')}`;
    case 9:
      return rng.bytes(1 + rng.int(30)).toString('latin1');
    case 10:
      return ` folded: ${'x'.repeat(rng.int(20))}`;
    case 11:
      return `X-Large: ${'y'.repeat(rng.chance(0.2) ? 70_000 : rng.int(8000))}`;
    case 12:
      return `Cookie: ${rng.pick(BAD_ESCAPES)}=${rng.pick(BAD_ESCAPES)}`;
    default:
      return `Accept: ${rng.pick(['*/*', 'text/html', latin1('ü')])}`;
  }
}

type Delivery = 'whole' | 'truncated' | 'slow' | 'reset' | 'garbage';

interface HttpCase {
  bytes: Buffer;
  delivery: Delivery;
  cut: number;
}

/** A request, well formed (it reaches the host's handlers) or not (the parser answers), and how it is delivered. */
function httpCase(rng: Rng): HttpCase {
  const wellFormed = rng.chance(0.6);
  const eol = wellFormed ? '\r\n' : rng.pick(['\r\n', '\r\n', '\n', '\r']);
  const headers = [...(rng.chance(0.9) ? [`Host: 127.0.0.1:${port}`] : []), ...credentialHeaders(rng)];
  for (let n = rng.int(wellFormed ? 4 : 6); n > 0; n--) headers.push(extraHeader(rng, wellFormed));
  if (rng.chance(0.03)) for (let n = 0; n < 2100; n++) headers.push(`X-${n}: y`);
  const order = rng.chance(0.2) ? headers.sort(() => rng.next() - 0.5) : headers;
  const body = !wellFormed && rng.chance(0.3) ? rng.bytes(rng.int(2000)).toString('latin1') : '';
  const method = wellFormed ? rng.pick(HTTP_METHODS.slice(0, 8)) : rng.pick(HTTP_METHODS);
  const version = wellFormed ? rng.pick(VERSIONS.slice(0, 4)) : rng.pick(VERSIONS);
  const request = `${method} ${randomTarget(rng, wellFormed)} ${version}${eol}${order.map((h) => h + eol).join('')}${eol}${body}`;
  const repeat = rng.chance(0.05) ? 2 + rng.int(3) : 1;
  const delivery: Delivery = rng.pick(['whole', 'whole', 'whole', 'whole', 'whole', 'truncated', 'truncated', 'slow', 'reset', 'garbage']);
  const bytes = delivery === 'garbage' ? rng.bytes(rng.int(4096)) : Buffer.from(request.repeat(repeat), 'latin1');
  return { bytes, delivery, cut: rng.int(Math.max(1, bytes.length)) };
}

async function sendHttpCase(c: HttpCase): Promise<void> {
  const connection = await RawConnection.open(port);
  if (c.delivery === 'truncated') connection.write(c.bytes.subarray(0, c.cut));
  else if (c.delivery === 'slow') {
    const step = Math.max(1, Math.ceil(c.cut / 4));
    for (let at = 0; at < c.cut; at += step) {
      connection.write(c.bytes.subarray(at, Math.min(c.cut, at + step)));
      await new Promise((r) => setTimeout(r, 5));
    }
    connection.socket.destroy();
    return;
  } else connection.write(c.bytes);
  if (c.delivery === 'reset') {
    await new Promise((r) => setTimeout(r, c.cut % 5));
    connection.reset();
    return;
  }
  await connection.finish();
  expect(statusOf(connection.data), 'a request is never an internal error').not.toBe(500);
}

// ---------------------------------------------------------------- generated WebSocket frames

const CLOSE_CODES = [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1011, 1012, 1014, 1015, 1016, 2999, 3000, 4999, 5000, 0, 999, 65535];
const BAD_UTF8 = [[0xc0, 0xae], [0xff], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xf0, 0x9f, 0x98]];
const HUGE_LENGTHS = [2n ** 63n, 2n ** 64n - 1n, 2n ** 53n, BigInt(MAX_CALL_FRAME_BYTES + 1), 0xffffffffn, 65536n];

function framePayload(rng: Rng, opcode: number): Buffer {
  if (opcode === OP.close && rng.chance(0.8)) {
    const reason = rng.pick([Buffer.alloc(0), Buffer.from('bye'), Buffer.from(rng.pick(BAD_UTF8)), Buffer.alloc(rng.int(200), 0x61)]);
    return closePayload(rng.pick(CLOSE_CODES), reason);
  }
  switch (rng.int(5)) {
    case 0:
      return Buffer.alloc(0);
    case 1:
      return rng.bytes(rng.int(300));
    case 2:
      return Buffer.concat([Buffer.from('{"id":1,"method":"app/info"'), Buffer.from(rng.pick(BAD_UTF8)), Buffer.from('}')]);
    default:
      return Buffer.from(messageText(rng, 3));
  }
}

function randomFrame(rng: Rng): Buffer {
  const opcode = rng.chance(0.85) ? rng.pick([OP.continuation, OP.text, OP.text, OP.text, OP.binary, OP.close, OP.ping, OP.pong]) : rng.int(16);
  const payload = framePayload(rng, opcode);
  const spec: FrameSpec = {
    opcode,
    payload,
    fin: rng.chance(0.8),
    rsv: rng.chance(0.92) ? 0 : rng.int(8),
    mask: rng.chance(0.95) ? rng.bytes(4) : false,
  };
  if (rng.chance(0.15)) spec.declaredLength = rng.chance(0.5) ? Math.max(0, payload.length + rng.int(60) - 10) : rng.pick(HUGE_LENGTHS);
  if (rng.chance(0.1)) spec.lengthForm = rng.pick([16, 64] as const);
  return wsFrame(spec);
}

interface FrameCase {
  authenticated: boolean;
  handshake: string;
  frames: Buffer;
  chunks: number;
}

function frameCase(rng: Rng): FrameCase {
  const authenticated = rng.chance(0.8);
  const host: [string, string] = ['Host', `127.0.0.1:${port}`];
  const refusedHeaders: [string, string][][] = [
    [host],
    [host, ['Cookie', `cutover_token=${rng.pick(BAD_ESCAPES)}`]],
    [host, ['Cookie', cookie], ['Origin', `https://127.0.0.1:${port}`]],
    [host, ['Cookie', cookie], ['Origin', origin], ['Origin', origin]],
    [host, ['Host', 'evil.example'], ['Cookie', cookie]],
    [host, ['Authorization', 'Bearer wrong']],
  ];
  const frames = Array.from({ length: 1 + rng.int(4) }, () => randomFrame(rng));
  return { authenticated, handshake: upgradeRequest(authenticated ? authHeaders() : rng.pick(refusedHeaders)), frames: Buffer.concat(frames), chunks: 1 + rng.int(3) };
}

async function sendFrameCase(c: FrameCase): Promise<void> {
  const connection = await RawConnection.open(port);
  connection.write(c.authenticated ? c.handshake : Buffer.concat([Buffer.from(c.handshake), c.frames]));
  await connection.waitFor((data) => headEnd(data) > 0, 5000);
  const status = statusOf(connection.data);
  if (!c.authenticated) {
    await connection.finish();
    expect(status, 'refused upgrade').toBe(401);
    expect(connection.data.length, 'nothing after the refusal').toBe(headEnd(connection.data));
    return;
  }
  expect(status, 'upgrade').toBe(101);
  const step = Math.ceil(c.frames.length / c.chunks);
  for (let at = 0; at < c.frames.length; at += step) connection.write(c.frames.subarray(at, at + step));
  await connection.finish();
}

// ---------------------------------------------------------------- generated call messages

const KEYS = ['id', 'method', 'input', 'name', 'content', 'fileName', 'objects', 'options', 'query', 'projectId', '__proto__', 'constructor', 'a', ''];
const STRINGS = ['', 'x', 'app/info', '\\u0000', '\\ud800', '\\udc00\\ud800', '迁移', '\\"', '%zz', 'a'.repeat(300)];

function jsonText(rng: Rng, depth: number): string {
  const kind = depth <= 0 ? rng.int(4) : rng.int(7);
  switch (kind) {
    case 0:
      return rng.pick(['null', 'true', 'false']);
    case 1:
      return rng.pick(['0', '-0', '1', '-1', '1e308', '-1e-308', '9007199254740993', '1.5', String(rng.int(1e9))]);
    case 2:
      return `"${rng.pick(STRINGS)}"`;
    case 3:
      return `"${rng.pick(KEYS)}"`;
    case 4:
      return `[${Array.from({ length: rng.int(5) }, () => jsonText(rng, depth - 1)).join(',')}]`;
    case 5:
      return rng.chance(0.5) ? deep(1 + rng.int(20_000), rng.pick(['[', '[[']), rng.pick([']', ']]'])) : deepObject(1 + rng.int(20_000));
    default:
      return `{${Array.from({ length: rng.int(5) }, () => `"${rng.pick(KEYS)}":${jsonText(rng, depth - 1)}`).join(',')}}`;
  }
}

/** A message for the contract's socket: random bytes, broken JSON, random JSON, or a call with a random method and input. */
function messageText(rng: Rng, depth: number, id = 1): string {
  switch (rng.int(10)) {
    case 0:
      return rng.bytes(rng.int(200)).toString('utf8');
    case 1:
      return rng.pick(['', 'null', '{', '{"id":1,', "{'id':1}", 'NaN', '{"id":1}}', '[]']);
    case 2:
      return jsonText(rng, depth);
    case 3:
      return `{"id":${rng.pick(['-1', '1.5', '"1"', 'null', '1e400', '9007199254740993'])},"method":"app/info","input":{}}`;
    default: {
      const method = rng.chance(0.7) ? `"${rng.pick(METHODS)}"` : rng.pick(['"__proto__"', '"constructor"', '""', `"${'m'.repeat(101)}"`, '7', 'null', '{}', '"nope/x"']);
      const extra = rng.chance(0.1) ? `,"${rng.pick(KEYS.filter((k) => k !== 'id'))}":${jsonText(rng, 1)}` : '';
      return `{"id":${id},"method":${method},"input":${jsonText(rng, depth)}${extra}}`;
    }
  }
}

/** The id the host must answer a text message with, or null when it must close the socket instead. */
function answerIdOf(message: string): number | null {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const { id } = raw as { id?: unknown };
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

interface MessageCase {
  calls: string[];
  /** Sent once every call is answered; the host must close the socket. */
  closer?: string | Buffer;
}

function messageCase(rng: Rng): MessageCase {
  const calls: string[] = [];
  for (let n = 1 + rng.int(10); n > 0; n--) {
    const message = messageText(rng, 3, calls.length + 1);
    if (answerIdOf(message) === calls.length + 1) calls.push(message);
  }
  if (!rng.chance(0.4)) return { calls };
  let closer = messageText(rng, 3);
  while (answerIdOf(closer) !== null) closer = messageText(rng, 3);
  return { calls, closer: rng.chance(0.1) ? Buffer.from(closer) : closer };
}

async function sendMessageCase(c: MessageCase): Promise<void> {
  const { results, code } = await exchange(c.calls, c.closer);
  const ids = results.map((r) => Number(r.id)).sort((a, b) => a - b);
  expect(ids, 'every call answered once').toEqual(c.calls.map((_, i) => i + 1));
  for (const result of results) expect(typeof result.ok, 'a result frame').toBe('boolean');
  if (c.closer !== undefined) expect([1003, 1008], 'the close code').toContain(code);
  else expect(code, 'the socket stays open').toBeNull();
}

// ---------------------------------------------------------------- running the corpus

/** Buffers (already turned into {type, data} by their toJSON) shown as latin1 text. */
function bufferAsText(_key: string, value: unknown): unknown {
  const buffer = value as { type?: unknown; data?: unknown } | null;
  return buffer !== null && typeof buffer === 'object' && buffer.type === 'Buffer' && Array.isArray(buffer.data) ? Buffer.from(buffer.data as number[]).toString('latin1') : value;
}

function describeCase(value: unknown, length = 600): string {
  const shown = JSON.stringify(value, bufferAsText);
  return shown.length > length ? `${shown.slice(0, length)}…` : shown;
}

async function inBatches<T>(kind: string, cases: T[], send: (c: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < cases.length; start += BATCH) {
    const batch = cases.slice(start, start + BATCH);
    const label = `${kind} cases ${start}-${start + batch.length - 1} of seed ${SEED}`;
    await Promise.all(
      batch.map((c, i) =>
        send(c).catch((error: unknown) => {
          throw new Error(`${kind} case ${start + i} of seed ${SEED}: ${error instanceof Error ? error.message : String(error)}\n${describeCase(c)}`);
        }),
      ),
    );
    await alive(label).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nThe batch:\n${batch.map((c, i) => `${start + i}: ${describeCase(c, 300)}`).join('\n')}`);
    });
  }
}

describe(`cutover serve survives a generated corpus (seed ${SEED})`, () => {
  it(`${COUNTS.http} raw HTTP requests: random methods, targets, escapes, headers, truncation, slow and reset connections`, async () => {
    const rng = new Rng(SEED);
    await inBatches('HTTP', Array.from({ length: COUNTS.http }, () => httpCase(rng)), sendHttpCase);
  });

  it(`${COUNTS.frames} raw WebSocket frame sequences, after an upgrade with and without the token`, async () => {
    const rng = new Rng(SEED ^ 0x9e3779b9);
    await inBatches('WebSocket frames', Array.from({ length: COUNTS.frames }, () => frameCase(rng)), sendFrameCase);
  });

  it(`${COUNTS.messages} call messages on authenticated sockets, each answered or refused by a close code`, async () => {
    const rng = new Rng(SEED ^ 0x85ebca6b);
    const cases: MessageCase[] = [];
    for (let count = 0; count < COUNTS.messages; ) {
      const c = messageCase(rng);
      cases.push(c);
      count += c.calls.length + (c.closer === undefined ? 0 : 1);
    }
    await inBatches('call messages', cases, sendMessageCase);
  });
});

describe('after all of it', () => {
  it('logged no internal failure of the host', async () => {
    const ws = await openSocket(port, { Cookie: cookie, Origin: origin });
    const reply = await callOverSocket(ws, { id: 1, method: 'logs/list', input: { source: 'host', level: 'error' } });
    ws.close();
    expect(reply).toMatchObject({ ok: true });
    expect((reply.result as { message: string }[]).map((entry) => entry.message)).toEqual([]);
  });
});
