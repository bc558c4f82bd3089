import { z } from 'zod';
import type { Flavour } from './flavour';
import { FLAVOURS } from './flavour';
import { addNameCharacterIssue } from './names';

/**
 * TLS for a connection:
 * - `off`: plain TCP;
 * - `required`: encrypted, the server certificate is not verified;
 * - `verify`: encrypted, the certificate must chain to `caFile` (or the system CAs) and match the host.
 */
export const TLS_MODES = ['off', 'required', 'verify'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export const tlsOptionsSchema = z
  .object({
    mode: z.enum(TLS_MODES),
    caFile: z.string().trim().min(1).max(4096).optional(),
  })
  .strict();
export type TlsOptions = z.infer<typeof tlsOptionsSchema>;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** ASCII only, so that no two names look alike; white space and invisible characters are named in the message. */
export const dataSourceNameSchema = z
  .string()
  .superRefine(addNameCharacterIssue)
  .regex(NAME_RE, 'must be 1-64 characters: letters, digits, "_", "-" or ".", starting with a letter or digit');

export const hostSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(255)
  .regex(/^[A-Za-z0-9.:_[\]-]+$/, 'must be a host name or an IP address');

export const portSchema = z.number().int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535');

/** What a user submits to add a data source. The password is plain here and sealed at once by the host. */
export const dataSourceInputSchema = z
  .object({
    name: dataSourceNameSchema,
    host: hostSchema,
    port: portSchema,
    user: z.string().min(1, 'is required').max(128),
    password: z.string().max(1024),
    database: z.string().trim().max(64).nullable().optional(),
    tls: tlsOptionsSchema.optional(),
  })
  .strict();
export type DataSourceInput = z.infer<typeof dataSourceInputSchema>;

/** An edit; a missing password keeps the stored one. */
export const dataSourcePatchSchema = dataSourceInputSchema.partial().strict();
export type DataSourcePatch = z.infer<typeof dataSourcePatchSchema>;

export interface ConnectionTestResult {
  ok: boolean;
  at: string;
  flavour: Flavour | null;
  version: string | null;
  versionString: string | null;
  /** Round-trip time of the test in ms. */
  elapsedMs: number;
  error?: { code: string; message: string; workaround?: string };
}

/** A data source as every client sees it: never the password. */
export interface DataSource {
  id: string;
  name: string;
  host: string;
  port: number;
  user: string;
  database: string | null;
  tls: TlsOptions;
  flavour: Flavour | null;
  version: string | null;
  lastTest: ConnectionTestResult | null;
  createdAt: string;
  updatedAt: string;
}

export const flavourSchema = z.enum(FLAVOURS);

/** What a worker needs to open a connection: only ever sent over a process pipe, never stored as is. */
export interface ConnectionConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string | null;
  tls: TlsOptions;
}

export const connectionConfigSchema = z
  .object({
    host: z.string(),
    port: z.number().int(),
    user: z.string(),
    password: z.string(),
    database: z.string().nullable(),
    tls: tlsOptionsSchema,
  })
  .strict();
