/**
 * Row filters shared by the unit tests of the parser and the integration test
 * that runs them on MariaDB, with the table they are written for, and seeded
 * generators of filters: token soups, and mutations of valid filters.
 */

import { seededRandom } from '../../seeded-random';

/** The columns every filter below may use. */
export const FILTER_TABLE_COLUMNS = `
  id INT NOT NULL PRIMARY KEY,
  is_deleted TINYINT NOT NULL DEFAULT 0,
  created_at DATETIME NULL,
  updated_at TIMESTAMP NULL,
  born DATE NULL,
  region VARCHAR(10) NULL,
  \`order\` INT NULL,
  name VARCHAR(100) NULL,
  status VARCHAR(20) NULL,
  total DECIMAL(12,2) NULL,
  note TEXT NULL,
  doc JSON NULL,
  flags INT UNSIGNED NULL,
  epoch BIGINT NULL,
  \`end\` INT NULL,
  \`weird name\` INT NULL,
  \`back\`\`tick\` INT NULL,
  名前 VARCHAR(20) NULL`;

export const FILTER_TABLE_ROWS = `
  (1, 0, '2024-01-05 10:00:00', '2024-01-05 10:00:00', '1990-02-03', 'eu', 5, 'a_b', 'paid', 120.50, 'it''s; -- fine', '{"a": 1, "b": "x"}', 5, 1704448800, 3, 1, 2, 'x'),
  (2, 1, '2019-12-31 23:59:59', NULL, NULL, 'us', 150, 'Zed', NULL, -3.00, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL),
  (3, 0, NULL, NULL, '2000-01-01', 'apac', NULL, '', 'gone', NULL, ')', '[1, 2]', 12, 0, 0, 0, 0, '名')`;

/** Filters a DBA would write, and every construct of the language at least once. */
export const ACCEPTED_FILTERS: readonly string[] = [
  // Everyday filters.
  'is_deleted = 0',
  "created_at >= '2024-01-01' AND region IN ('eu','us')",
  '`order` BETWEEN 1 AND 100',
  "name LIKE 'a\\\\_%' ESCAPE '\\\\'",
  "name LIKE 'a\\_%'",
  'YEAR(created_at) >= 2020',
  "COALESCE(status,'') <> 'gone'",
  "status = 'paid' OR (status = 'sent' AND total > 100)",
  "CASE WHEN status = 'paid' THEN total > 0 ELSE FALSE END",
  "CASE region WHEN 'eu' THEN 1 WHEN 'us' THEN 2 END = 1",
  'CAST(total AS SIGNED) > 10',
  "DATE_ADD(created_at, INTERVAL 30 DAY) >= '2024-06-01'",
  "created_at + INTERVAL 1 DAY > '2024-01-01'",
  "created_at - INTERVAL 2 HOUR < '2024-01-01'",
  "NOT (status = 'gone')",
  'NOT is_deleted',
  'NOT NOT is_deleted',
  '-total < 0',
  'total > -1.5',
  '- -total > 0',
  'is_deleted = 0\n\tAND total > 0',
  'id IN (1)',
  'id IN (1, 2, 3, 5, 8, 13, 21)',
  'id NOT IN (1, 2, 3)',
  'id NOT BETWEEN 5 AND 10',
  "name NOT LIKE 'x%'",
  'updated_at IS NULL',
  'total IS NOT NULL',
  'is_deleted IS TRUE',
  'is_deleted IS NOT FALSE',
  '(total > 0) IS UNKNOWN',
  'total IS NULL IS NULL',
  'total IS NULL = 0',
  // Strings and other literals.
  "note = ';'",
  "note = '--'",
  "note LIKE '#%'",
  "note = '/* not a comment */'",
  "note = ')'",
  "note = 'SLEEP(10)'",
  'status IN ("paid", "sent")',
  "note = 'it''s'",
  'note = "say ""hi"""',
  "note = 'a\\nb'",
  "note = 'a\\\\'",
  "note = 'a\\\\''' OR note IS NULL",
  "note = 'line one\nline two'",
  "name = 'a\u00a0b'",
  "x'41' = name",
  "X'' = name",
  "b'1' = is_deleted",
  "N'abc' = name",
  '0x41 = name',
  '0b1 = is_deleted',
  '1e3 < total',
  '1.5E-2 < total',
  '.5 < total',
  '1. < total',
  'TRUE',
  '1',
  'NULL IS NULL',
  "born = DATE '2000-01-01'",
  "created_at < TIMESTAMP '2024-01-01 00:00:00'",
  "TIME(created_at) > TIME '12:00:00'",
  // Operators.
  'id % 4 = 0',
  'id MOD 4 = 1',
  'id DIV 10 = 3',
  'id * 2 / 3 + 1 - 4 > 0',
  'flags & 4 = 4',
  'flags | 1 > 0',
  'flags ^ 2 > 0',
  'flags << 1 > 2 AND flags >> 1 < 9',
  '~flags <> 0',
  "is_deleted = 0 && total > 0 || status = 'x'",
  '!is_deleted',
  'is_deleted XOR total > 0',
  'total <=> NULL',
  'total != 0',
  'is_deleted = 0 = 1',
  "name COLLATE utf8mb4_bin = 'a_b'",
  "LOWER(name) COLLATE utf8mb4_general_ci LIKE 'a%'",
  // Names.
  '`weird name` > 0',
  '`back``tick` > 0',
  "`名前` = 'x'",
  "名前 = 'x'",
  'end > 0',
  'CASE WHEN end > 0 THEN end END > 0',
  'ID = 1 AnD Is_Deleted = 0',
  // Functions.
  'LENGTH(name) > 3',
  'CHAR_LENGTH(name) BETWEEN 1 AND 10',
  'CHARACTER_LENGTH(name) < 5',
  "LOWER(region) = 'eu'",
  "UPPER(region) = 'EU'",
  "LCASE(region) = 'eu' OR UCASE(region) = 'US'",
  "SUBSTRING(name, 1, 2) = 'a_'",
  "SUBSTR(name, 2) = '_b'",
  "MID(name, 1, 2) = 'a_'",
  "LEFT(name, 1) = 'a'",
  "RIGHT(name, 1) = 'b'",
  "TRIM(name) <> ''",
  "LTRIM(name) <> '' AND RTRIM(name) <> ''",
  "CONCAT(region, '-', status) = 'eu-paid'",
  "CONCAT_WS('-', region, status) = 'eu-paid'",
  "REPLACE(name, '_', '-') = 'a-b'",
  "LOCATE('_', name) > 0",
  "LOCATE('_', name, 2) > 0",
  "INSTR(name, '_') > 0",
  "SUBSTRING_INDEX(name, '_', 1) = 'a'",
  "REVERSE(name) = 'b_a'",
  "STRCMP(name, 'a') > 0",
  'ASCII(name) = 97',
  "HEX(name) = '615F62'",
  'CRC32(id) % 8 = 3',
  'IFNULL(total, 0) > 0',
  "NULLIF(status, '') IS NOT NULL",
  'IF(is_deleted, 0, 1) = 1',
  'ISNULL(total)',
  'GREATEST(total, 0) > 1',
  'LEAST(total, 100) < 50',
  'ABS(total) > 1',
  'ROUND(total) = 121 OR ROUND(total, 1) = 120.5',
  'FLOOR(total) = 120 AND CEIL(total) = 121 AND CEILING(total) = 121',
  'MOD(id, 2) = 0',
  'SIGN(total) = 1',
  'TRUNCATE(total, 0) = 120',
  "DATE(created_at) = '2024-01-05'",
  'MONTH(created_at) = 1 AND DAY(created_at) = 5 AND DAYOFMONTH(created_at) = 5',
  'HOUR(created_at) = 10 AND MINUTE(created_at) = 0 AND SECOND(created_at) = 0',
  'DAYOFWEEK(created_at) = 6 OR DAYOFYEAR(created_at) = 5 OR WEEKDAY(created_at) = 4',
  "QUARTER(created_at) = 1 AND LAST_DAY(created_at) = '2024-01-31'",
  'TO_DAYS(created_at) > 700000',
  "DATE_FORMAT(created_at, '%Y-%m') = '2024-01'",
  "STR_TO_DATE('2024-01-01', '%Y-%m-%d') < created_at",
  "DATEDIFF('2024-12-31', created_at) < 365",
  "TIMESTAMPDIFF(DAY, created_at, '2024-12-31') < 365",
  "TIMESTAMPADD(MONTH, 1, created_at) > '2024-01-01'",
  "DATE_SUB(created_at, INTERVAL 1 MONTH) < '2024-01-01'",
  "ADDDATE(created_at, 7) > '2024-01-01'",
  "ADDDATE(created_at, INTERVAL 1 WEEK) > '2024-01-01'",
  "SUBDATE(created_at, INTERVAL '1:30' HOUR_MINUTE) > '2024-01-01'",
  "DATE_ADD(created_at, INTERVAL (1 + 1) YEAR) > '2024-01-01'",
  'EXTRACT(YEAR_MONTH FROM created_at) >= 202401',
  'UNIX_TIMESTAMP(created_at) > 1700000000',
  "FROM_UNIXTIME(epoch) > '2024-01-01'",
  "FROM_UNIXTIME(epoch, '%Y') = '2024'",
  "CAST(total AS CHAR(10)) = '120.50'",
  "CAST(created_at AS DATE) = '2024-01-05'",
  "CAST(created_at AS DATETIME(6)) > '2024-01-01'",
  "CAST(created_at AS TIME) > '09:00'",
  'CAST(total AS DECIMAL(10,2)) > 1',
  'CAST(total AS DECIMAL(10)) > 1',
  'CAST(total AS UNSIGNED INTEGER) > 1',
  'CAST(total AS SIGNED INT) > 1',
  "CAST(name AS BINARY(3)) = 'a_b'",
  'CAST(total AS DOUBLE) > 1',
  "CONVERT(total, CHAR) = '120.50'",
  "CONVERT(name USING utf8mb4) = 'a_b'",
  "JSON_EXTRACT(doc, '$.a') = 1",
  "JSON_UNQUOTE(JSON_EXTRACT(doc, '$.b')) = 'x'",
  "JSON_CONTAINS(doc, '1', '$.a')",
  'LENGTH(TRIM(LOWER(name))) > 0',
  "IF(region IN ('eu', 'us'), total, 0) > 100",
];

/** Valid SQL that MariaDB runs, which no row filter may contain. */
export const REFUSED_VALID_SQL: readonly string[] = [
  'SLEEP(0) = 0',
  'BENCHMARK(1, 1) = 0',
  "LOAD_FILE('/nonexistent') IS NULL",
  'id IN (SELECT id FROM rf_t)',
  'EXISTS (SELECT 1)',
  'id = ANY (SELECT 1)',
  'NOW() > created_at OR 1',
  "CURRENT_DATE > '2000-01-01'",
  'UNIX_TIMESTAMP() > 0',
  'RAND() < 2',
  'UUID() IS NOT NULL',
  '@x IS NULL',
  '@@version IS NOT NULL',
  "name REGEXP '^a'",
  'rf_t.id > 0',
  "note = 'it\\'s'",
  '(id, 0) = (1, 0)',
  'USER() IS NOT NULL',
  'DATABASE() IS NOT NULL',
  'CONNECTION_ID() > 0',
  "name SOUNDS LIKE 'x'",
  '1 = 1 /* x */',
  'BINARY name = name',
  "note <> '\\' OR 1 = 1 OR \\''",
  '(@y := 1) = 1',
];

/** The shared seeded generator, so that every run checks the same cases. */
export const random = seededRandom;

const PIECES = [
  'id', 'name', '`order`', '`a``b`', '名前', 'end', 'date', 't.id', '1', '0', '-1', '1.5', '.5', '1e3', '0x1F', "x'41'", "b'1'", "'a'", "'it''s'",
  '"b"', "'\\\\'", "'\\''", "'", '"', '`', 'NULL', 'TRUE', 'FALSE', 'UNKNOWN', 'AND', 'OR', 'XOR', 'NOT', 'IS', 'IN', 'BETWEEN', 'LIKE',
  'ESCAPE', 'REGEXP', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'INTERVAL', 'DAY', 'AS', 'SIGNED', 'COLLATE', 'utf8mb4_bin', 'DIV', 'MOD',
  'SELECT', 'FROM', 'WHERE', 'UNION', 'EXISTS', 'ANY', 'INTO', 'OUTFILE', 'LENGTH(', 'COALESCE(', 'CAST(', 'CONVERT(', 'DATE_ADD(',
  'TIMESTAMPDIFF(', 'EXTRACT(', 'SLEEP(', 'BENCHMARK(', 'LOAD_FILE(', 'NOW(', 'NOW', 'CURRENT_DATE', 'RAND(', 'UNIX_TIMESTAMP(', 'DATE',
  "DATE '2024-01-01'", '(', ')', ',', '.', '=', '<>', '!=', '<=>', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!',
  '&&', '||', '<<', '>>', ';', '--', '-- ', '#', '/*', '*/', '/*!', '@x', '@@version', '?', ':=', ':', '\\', '{', '}', '[', ']', '->',
  '\n', '\t', '\r', '\u00a0', '\u202e', '\u2028', '\u0000', '\u0001', '\u200b', '😀', '\ud800', 'é',
];
const SEPARATORS = ['', ' ', ' ', ' ', '\n'];

export function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

export function tokenSoup(next: () => number): string {
  const length = 1 + Math.floor(next() * 30);
  let out = '';
  for (let i = 0; i < length; i++) out += pick(next, SEPARATORS) + pick(next, PIECES);
  return out;
}

export function mutate(next: () => number, text: string): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const to = Math.min(out.length, at + Math.floor(next() * 6));
    switch (Math.floor(next() * 4)) {
      case 0:
        out = out.slice(0, at) + pick(next, PIECES) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(to);
        break;
      case 2:
        out = out.slice(0, to) + out.slice(at, to) + out.slice(to);
        break;
      default:
        out = out.slice(0, at) + String.fromCharCode(32 + Math.floor(next() * 95)) + out.slice(at + 1);
    }
  }
  return out;
}
