/** Precheck items about one endpoint: connection, version, binlog settings, privileges. */

import type { Connection } from 'mysql2/promise';
import type { ConnectionConfig, PrecheckCheck, QualifiedName, ServerIdentity } from '../../../src-shared/model';
import { FLAVOUR_LABELS } from '../../../src-shared/model/flavour';
import { AppError } from '../../../src-shared/errors';
import { connect } from '../../mysql/connect';
import type { Grant } from '../../mysql/grants';
import { hasPrivilege, parseGrants } from '../../mysql/grants';
import { grants, serverIdentity, variables } from '../../mysql/inspector';
import { quoteIdentifier } from '../../mysql/quote';

export type Side = 'source' | 'destination';
export type Report = (check: PrecheckCheck) => void;

export function check(id: string, title: string, state: PrecheckCheck['state'], detail: string, instruction: string | null = null): PrecheckCheck {
  return { id, title, state, detail, instruction };
}

const SIDE_TITLE: Record<Side, string> = { source: 'Source', destination: 'Destination' };

export interface OpenEndpoint {
  connection: Connection;
  identity: ServerIdentity;
  grants: Grant[];
  /** True when the user holds roles, whose privileges SHOW GRANTS may not list. */
  usesRoles: boolean;
  user: string;
}

/** Connects and identifies the server; reports the connection and version checks. */
export async function openEndpoint(side: Side, config: ConnectionConfig, label: string, report: Report): Promise<OpenEndpoint | null> {
  const title = SIDE_TITLE[side];
  let connection: Connection;
  try {
    connection = await connect(config, { database: null });
  } catch (error) {
    const e = error instanceof AppError ? error : new AppError({ code: 'connect_failed', message: String(error) });
    report(check(`${side}.connection`, `${title} connection`, 'fail', `${label}: ${e.message}`, e.workaround ?? null));
    return null;
  }
  const identity = await serverIdentity(connection);
  report(
    check(`${side}.connection`, `${title} connection`, 'success', `Connected to ${label} (${config.host}:${config.port}) as ${config.user}.`),
  );
  if (identity.flavour) {
    report(check(`${side}.version`, `${title} version`, 'success', `${FLAVOUR_LABELS[identity.flavour]} ${identity.version} (${identity.versionString}).`));
  } else {
    report(
      check(
        `${side}.version`,
        `${title} version`,
        'fail',
        identity.unsupportedReason ?? `${identity.versionString} is not supported.`,
        'Use MySQL 5.7 or 8.x, MariaDB 10.x or later, or an OceanBase MySQL tenant.',
      ),
    );
  }
  const lines = await grants(connection);
  return {
    connection,
    identity,
    grants: parseGrants(lines),
    // A role grant reads `GRANT role TO user`, with no ON clause.
    usesRoles: lines.some((l) => /^GRANT\s/i.test(l.trim()) && !/\sON\s/i.test(l)),
    user: config.user,
  };
}

/** binlog on, ROW format, FULL row image, a server id, and full row metadata where the server has it. */
export async function binlogChecks(side: Side, endpoint: OpenEndpoint, report: Report, severity: 'fail' | 'warn'): Promise<void> {
  const title = SIDE_TITLE[side];
  const vars = await variables(endpoint.connection, ['log_bin', 'binlog_format', 'binlog_row_image', 'server_id', 'binlog_row_metadata']);
  const purpose = side === 'source' ? 'incremental synchronization' : 'reverse incremental';
  const cnf = (setting: string) => `Set ${setting} in the [mysqld] section of the ${side} server's configuration and restart it.`;
  const logBin = (vars.log_bin ?? '').toUpperCase();
  report(
    logBin === 'ON' || logBin === '1'
      ? check(`${side}.binlog`, `${title} binlog`, 'success', 'The binary log is on.')
      : check(`${side}.binlog`, `${title} binlog`, severity, `The binary log is off; ${purpose} reads changes from it.`, cnf('log_bin=mysql-bin')),
  );
  const format = (vars.binlog_format ?? '').toUpperCase();
  report(
    format === 'ROW'
      ? check(`${side}.binlog_format`, `${title} binlog_format`, 'success', 'binlog_format is ROW.')
      : check(`${side}.binlog_format`, `${title} binlog_format`, severity, `binlog_format is ${format || 'unknown'}; ${purpose} needs ROW.`, cnf('binlog_format=ROW')),
  );
  const image = (vars.binlog_row_image ?? '').toUpperCase();
  report(
    image === 'FULL' || (image === '' && endpoint.identity.flavour === 'oceanbase-mysql')
      ? check(`${side}.binlog_row_image`, `${title} binlog_row_image`, 'success', `binlog_row_image is ${image || 'FULL'}.`)
      : check(
          `${side}.binlog_row_image`,
          `${title} binlog_row_image`,
          severity,
          `binlog_row_image is ${image || 'unknown'}; ${purpose} needs every column of every changed row.`,
          cnf('binlog_row_image=FULL'),
        ),
  );
  const serverId = Number(vars.server_id ?? 0);
  report(
    serverId > 0
      ? check(`${side}.server_id`, `${title} server_id`, 'success', `server_id is ${serverId}.`)
      : check(`${side}.server_id`, `${title} server_id`, severity, 'server_id is 0; a server without an id cannot serve its binlog.', cnf('server_id=<a unique positive number>')),
  );
  if (vars.binlog_row_metadata !== null) {
    const metadata = (vars.binlog_row_metadata ?? '').toUpperCase();
    report(
      metadata === 'FULL'
        ? check(`${side}.binlog_row_metadata`, `${title} binlog_row_metadata`, 'success', 'binlog_row_metadata is FULL.')
        : check(
            `${side}.binlog_row_metadata`,
            `${title} binlog_row_metadata`,
            'warn',
            `binlog_row_metadata is ${metadata}; with FULL, column names travel with each change, which keeps replay exact across schema changes.`,
            cnf('binlog_row_metadata=FULL'),
          ),
    );
  }
}

export function missingPrivileges(endpoint: OpenEndpoint, needs: { privilege: string; database?: string; table?: string }[]): string[] {
  return needs
    .filter((n) => !hasPrivilege(endpoint.grants, n.privilege, n.database, n.table))
    .map((n) => (n.database ? `${n.privilege} on ${quoteIdentifier(n.database)}.${n.table ? quoteIdentifier(n.table) : '*'}` : `${n.privilege} (global)`));
}

/** Reports missing privileges as a fail (or `missingState`), or as a warning when roles may hold them. */
export function reportPrivileges(
  side: Side,
  id: string,
  title: string,
  endpoint: OpenEndpoint,
  missing: string[],
  fixes: string[],
  report: Report,
  missingState: 'fail' | 'warn' = 'fail',
): void {
  if (missing.length === 0) {
    report(check(`${side}.${id}`, title, 'success', `${endpoint.user} holds every privilege needed.`));
    return;
  }
  const shown = missing.slice(0, 20).join(', ') + (missing.length > 20 ? `, and ${missing.length - 20} more` : '');
  const state = endpoint.usesRoles ? 'warn' : missingState;
  const lead = endpoint.usesRoles ? `${endpoint.user} may lack (roles are granted and not inspected): ` : `${endpoint.user} lacks `;
  report(check(`${side}.${id}`, title, state, `${lead}${shown}.`, `Grant them, for example: ${fixes.join(' ')}`));
}

export function grantStatement(privileges: string[], database: string | null, user: string): string {
  const scope = database ? `${quoteIdentifier(database)}.*` : '*.*';
  return `GRANT ${privileges.join(', ')} ON ${scope} TO '${user.replaceAll("'", "''")}'@'%';`;
}

export function databasesOf(names: QualifiedName[]): string[] {
  return [...new Set(names.map((n) => n.database))].sort();
}
