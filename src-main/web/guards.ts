/**
 * What the browser host checks on a request before it does anything for it:
 * the request target, the Host and Origin headers, and the token. Each check
 * reads untrusted text and never throws; duplicated security headers are
 * refused rather than resolved by a parser's first-or-last rule.
 */

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'cutover_token';

/** A Host header: a DNS name or IPv4 address, or an IPv6 address in brackets, and an optional port. */
const AUTHORITY = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;

/** decodeURIComponent that answers null for malformed escapes instead of throwing. */
export function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The request target (`/path?query`) as a URL, or null when it is not in
 * origin form. The authority is fixed, so `//other/path` stays a path.
 */
export function requestTarget(url: string | undefined): URL | null {
  if (url === undefined || !url.startsWith('/')) return null;
  try {
    return new URL(`http://localhost${url}`);
  } catch {
    return null;
  }
}

/** How many times a header occurs in the request as sent (Node merges or drops duplicates in `headers`). */
export function headerCount(request: IncomingMessage, name: string): number {
  let count = 0;
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i].toLowerCase() === name) count++;
  }
  return count;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Every value of the token cookie, decoded; values that do not decode cannot be the token and are left out. */
export function cookieTokens(header: string | undefined): string[] {
  const tokens: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0 || part.slice(0, equals).trim() !== TOKEN_COOKIE) continue;
    const value = safeDecode(part.slice(equals + 1).trim());
    if (value !== null) tokens.push(value);
  }
  return tokens;
}

/**
 * The tokens a request presents, by precedence: the `token` query parameter,
 * else one `Authorization: Bearer` header, else the token cookies (a browser
 * may send several cookies of one name; any of them may be the right one).
 * Two Authorization headers present nothing.
 */
function presentedTokens(request: IncomingMessage, target: URL | null): string[] {
  const query = target?.searchParams.get('token');
  if (query !== null && query !== undefined) return [query];
  const authorizations = headerCount(request, 'authorization');
  if (authorizations > 1) return [];
  const authorization = request.headers.authorization ?? '';
  if (authorizations === 1 && authorization.startsWith('Bearer ')) return [authorization.slice(7).trim()];
  return cookieTokens(request.headers.cookie);
}

export interface Guards {
  /** Exactly one Host header, naming this server. */
  hostAllowed(request: IncomingMessage): boolean;
  /** No Origin (a non-browser client), or exactly one that is this server over http. */
  originAllowed(request: IncomingMessage): boolean;
  authenticated(request: IncomingMessage, target: URL | null): boolean;
}

export interface GuardOptions {
  token: string;
  /** The address the server is bound to, as given. */
  bindHost: string;
  /** The port being listened on (known once listening). */
  port(): number;
}

export function createGuards(options: GuardOptions): Guards {
  const bound = options.bindHost.includes(':') ? `[${options.bindHost}]` : options.bindHost;
  const hostnames = new Set(['127.0.0.1', 'localhost', '[::1]', bound.toLowerCase()]);

  const isThisServer = (hostname: string, port: string | undefined): boolean =>
    hostnames.has(hostname.toLowerCase()) && Number(port || '80') === options.port();

  return {
    hostAllowed(request) {
      if (headerCount(request, 'host') !== 1) return false;
      const match = AUTHORITY.exec(request.headers.host ?? '');
      return match !== null && isThisServer(match[1], match[2]);
    },

    originAllowed(request) {
      const count = headerCount(request, 'origin');
      if (count === 0) return true;
      const origin = request.headers.origin;
      if (count > 1 || origin === undefined) return false;
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        return false;
      }
      // An origin is exactly scheme://host[:port]: no path, credentials or query, and http like this server.
      return parsed.protocol === 'http:' && parsed.origin === origin && isThisServer(parsed.hostname, parsed.port);
    },

    authenticated(request, target) {
      return presentedTokens(request, target).some((presented) => sameSecret(presented, options.token));
    },
  };
}
