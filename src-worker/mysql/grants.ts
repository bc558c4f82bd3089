/**
 * Reading `SHOW GRANTS` output, to tell whether the connected user holds a
 * privilege on a database or table. Handles global, database (including LIKE
 * patterns such as `app\_%`) and table grants, ALL PRIVILEGES, and the names
 * MariaDB 10.5+ and MySQL 8 use for the replication privileges.
 */

export interface Grant {
  privileges: Set<string>;
  database: string; // '*' for global
  table: string; // '*' for every table
  /** Column-level grants only cover some columns: never enough for a whole table. */
  columnLevel: boolean;
}

/** Names that mean the same privilege on some server version. */
const SYNONYMS: Record<string, string[]> = {
  'REPLICATION SLAVE': ['REPLICATION SLAVE', 'REPLICATION REPLICA'],
  'REPLICATION CLIENT': ['REPLICATION CLIENT', 'BINLOG MONITOR', 'SLAVE MONITOR', 'REPLICA MONITOR'],
};

function unquote(part: string): string {
  const p = part.trim();
  if (p.startsWith('`') && p.endsWith('`')) return p.slice(1, -1).replaceAll('``', '`');
  if (p.startsWith('"') && p.endsWith('"')) return p.slice(1, -1);
  return p;
}

/** Splits `a, b (x, y), c` at top-level commas. */
function splitPrivileges(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export function parseGrants(lines: string[]): Grant[] {
  const grants: Grant[] = [];
  for (const line of lines) {
    const match = /^GRANT\s+(.+?)\s+ON\s+(?:(?:TABLE|FUNCTION|PROCEDURE|PACKAGE(?: BODY)?)\s+)?((?:`(?:[^`]|``)*`|[^\s.]+)\.(?:`(?:[^`]|``)*`|[^\s]+))\s+TO\s/i.exec(line.trim());
    if (!match) continue;
    const [, privilegeText, scope] = match;
    const dot = scope.startsWith('`') ? scope.indexOf('`.', 1) + 1 : scope.indexOf('.');
    const database = unquote(scope.slice(0, dot));
    const table = unquote(scope.slice(dot + 1));
    // One line mixes table and column privileges (`SELECT, INSERT (a) ON db.t`): keep them in separate grants,
    // so that a column-level INSERT does not make the table-level SELECT look partial.
    const tableLevel = new Set<string>();
    const columnLevel = new Set<string>();
    for (const raw of splitPrivileges(privilegeText)) {
      const name = raw.replace(/\s*\(.*\)\s*$/, '').toUpperCase().replace(/\s+/g, ' ');
      (raw.includes('(') ? columnLevel : tableLevel).add(name === 'ALL' ? 'ALL PRIVILEGES' : name);
    }
    if (tableLevel.size) grants.push({ privileges: tableLevel, database, table, columnLevel: false });
    if (columnLevel.size) grants.push({ privileges: columnLevel, database, table, columnLevel: true });
  }
  return grants;
}

function databaseMatches(pattern: string, database: string): boolean {
  if (pattern === '*') return true;
  if (!/[%_]/.test(pattern)) return pattern === database;
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) regex += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') regex += '.*';
    else if (ch === '_') regex += '.';
    else regex += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`).test(database);
}

/**
 * True when the grants give `privilege` on `database`.`table` (or on the whole
 * database when table is omitted, or globally when both are omitted).
 */
export function hasPrivilege(grants: Grant[], privilege: string, database?: string, table?: string): boolean {
  const names = SYNONYMS[privilege] ?? [privilege];
  return grants.some((grant) => {
    const holds = names.some((n) => grant.privileges.has(n)) || grant.privileges.has('ALL PRIVILEGES');
    if (!holds) return false;
    if (grant.database === '*') return true;
    if (database === undefined) return false;
    // Only database-level grants use LIKE patterns; a table-level grant names one database literally.
    if (grant.table === '*') return databaseMatches(grant.database, database);
    return grant.database === database && table !== undefined && grant.table === table && !grant.columnLevel;
  });
}
