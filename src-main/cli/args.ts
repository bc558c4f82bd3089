/** Argument parsing for the CLI: strict, with usage errors that name the bad option and the command's usage. */

import { parseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  [name: string]: { type: 'string' | 'boolean'; short?: string };
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses a command's arguments; `usage` is shown with any error. */
export function parse(args: string[], options: OptionSpec, usage: string, positionals: { min: number; max: number }): Parsed {
  // Never echoed: what follows --password is a secret.
  if (args.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new UsageError('passwords are never given on the command line (shell history and process lists keep them): put it in an environment variable and give its name, for example: read -s DB_PW; export DB_PW; … --password-env DB_PW');
  }
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as Parsed;
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/, '')}\nusage: ${usage}`);
  }
  if (parsed.values.help) throw new UsageError(`usage: ${usage}`);
  if (parsed.positionals.length < positionals.min) throw new UsageError(`missing argument\nusage: ${usage}`);
  if (parsed.positionals.length > positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"\nusage: ${usage}`);
  return parsed;
}

export function requireString(parsed: Parsed, name: string, usage: string): string {
  const value = parsed.values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required\nusage: ${usage}`);
  return value;
}

export function optionalString(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requirePort(text: string, usage: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 0 || Number(text) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${text}"\nusage: ${usage}`);
  return Number(text);
}
