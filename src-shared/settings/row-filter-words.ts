/**
 * The vocabulary of row filters: the functions a filter may call, the words
 * it may not use as bare column names, and the units and types that some
 * functions take. Every word is upper case.
 */

/** Functions called with plain arguments: the fewest and the most arguments each takes. */
const PLAIN_FUNCTIONS: Record<string, readonly [number, number]> = {
  // Strings.
  ASCII: [1, 1],
  CHAR_LENGTH: [1, 1],
  CHARACTER_LENGTH: [1, 1],
  CONCAT: [1, Infinity],
  CONCAT_WS: [2, Infinity],
  CRC32: [1, 1],
  HEX: [1, 1],
  INSTR: [2, 2],
  LCASE: [1, 1],
  LEFT: [2, 2],
  LENGTH: [1, 1],
  LOCATE: [2, 3],
  LOWER: [1, 1],
  LTRIM: [1, 1],
  MID: [3, 3],
  REPLACE: [3, 3],
  REVERSE: [1, 1],
  RIGHT: [2, 2],
  RTRIM: [1, 1],
  STRCMP: [2, 2],
  SUBSTR: [2, 3],
  SUBSTRING: [2, 3],
  SUBSTRING_INDEX: [3, 3],
  TRIM: [1, 1],
  UCASE: [1, 1],
  UPPER: [1, 1],
  // Choices and NULL handling.
  COALESCE: [1, Infinity],
  GREATEST: [2, Infinity],
  IF: [3, 3],
  IFNULL: [2, 2],
  ISNULL: [1, 1],
  LEAST: [2, Infinity],
  NULLIF: [2, 2],
  // Numbers.
  ABS: [1, 1],
  CEIL: [1, 1],
  CEILING: [1, 1],
  FLOOR: [1, 1],
  MOD: [2, 2],
  ROUND: [1, 2],
  SIGN: [1, 1],
  TRUNCATE: [2, 2],
  // Dates and times.
  DATE: [1, 1],
  DATE_FORMAT: [2, 2],
  DATEDIFF: [2, 2],
  DAY: [1, 1],
  DAYOFMONTH: [1, 1],
  DAYOFWEEK: [1, 1],
  DAYOFYEAR: [1, 1],
  FROM_UNIXTIME: [1, 2],
  HOUR: [1, 1],
  LAST_DAY: [1, 1],
  MINUTE: [1, 1],
  MONTH: [1, 1],
  QUARTER: [1, 1],
  SECOND: [1, 1],
  STR_TO_DATE: [2, 2],
  TIME: [1, 1],
  TO_DAYS: [1, 1],
  // Without an argument it reads the clock: see TIME_FUNCTIONS.
  UNIX_TIMESTAMP: [1, 1],
  WEEKDAY: [1, 1],
  YEAR: [1, 1],
  // JSON documents.
  JSON_CONTAINS: [2, 3],
  JSON_EXTRACT: [2, Infinity],
  JSON_UNQUOTE: [1, 1],
};

/**
 * Functions with a syntax of their own:
 *   CAST(x AS type), CONVERT(x, type), CONVERT(x USING charset), EXTRACT(unit FROM x),
 *   TIMESTAMPDIFF(unit, a, b), TIMESTAMPADD(unit, n, x),
 *   DATE_ADD(x, INTERVAL n unit), DATE_SUB(...), ADDDATE(x, INTERVAL n unit | days), SUBDATE(...).
 */
export const SPECIAL_FUNCTIONS = new Set(['CAST', 'CONVERT', 'EXTRACT', 'TIMESTAMPDIFF', 'TIMESTAMPADD', 'DATE_ADD', 'DATE_SUB', 'ADDDATE', 'SUBDATE']);

/** How many arguments a plain function takes, or null when it is not one. */
export function plainFunction(name: string): readonly [number, number] | null {
  return Object.hasOwn(PLAIN_FUNCTIONS, name) ? PLAIN_FUNCTIONS[name] : null;
}

/** Every function a row filter may call, in alphabetical order. */
export const ROW_FILTER_FUNCTIONS: readonly string[] = [...Object.keys(PLAIN_FUNCTIONS), ...SPECIAL_FUNCTIONS].sort();

/** The few named in a refusal; the full list is ROW_FILTER_FUNCTIONS. */
export const FUNCTION_EXAMPLES = 'LENGTH, LOWER, SUBSTRING, CONCAT, COALESCE, IF, ROUND, DATE, YEAR, DATE_FORMAT, DATE_ADD and CAST';

/**
 * Functions whose value depends on when they run. The full copy and the replay
 * evaluate a filter days apart, so they would disagree on which rows it selects.
 * The ones marked bare are also read without parentheses.
 */
export const TIME_FUNCTIONS = new Set([
  'NOW',
  'CURDATE',
  'CURTIME',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'LOCALTIME',
  'LOCALTIMESTAMP',
  'SYSDATE',
  'UTC_DATE',
  'UTC_TIME',
  'UTC_TIMESTAMP',
  'UNIX_TIMESTAMP',
]);
export const BARE_TIME_FUNCTIONS = new Set(['CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP', 'SYSDATE', 'UTC_DATE', 'UTC_TIME', 'UTC_TIMESTAMP']);

/** Functions that give a new value on every call. */
export const RANDOM_FUNCTIONS = new Set(['RAND', 'RANDOM_BYTES', 'UUID', 'UUID_SHORT', 'SYS_GUID']);

/** Reserved words that are functions even without parentheses. */
export const BARE_FUNCTIONS = new Set(['CURRENT_USER', 'CURRENT_ROLE']);

/** Words that begin a statement rather than a condition. */
export const STATEMENT_WORDS = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'DROP', 'CREATE', 'ALTER', 'TRUNCATE', 'RENAME', 'CALL', 'DO', 'SET',
  'SHOW', 'GRANT', 'REVOKE', 'LOAD', 'HANDLER', 'WITH', 'TABLE', 'VALUES', 'EXECUTE', 'PREPARE', 'LOCK', 'UNLOCK', 'KILL',
]);

/** Words that start a subquery where an operand is expected. */
export const SUBQUERY_WORDS = new Set(['SELECT', 'WITH', 'EXISTS', 'TABLE', 'VALUES', 'ANY', 'SOME', 'ALL']);

/** Units of INTERVAL and EXTRACT. */
export const INTERVAL_UNITS = new Set([
  'MICROSECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR',
  'SECOND_MICROSECOND', 'MINUTE_MICROSECOND', 'MINUTE_SECOND', 'HOUR_MICROSECOND', 'HOUR_SECOND', 'HOUR_MINUTE',
  'DAY_MICROSECOND', 'DAY_SECOND', 'DAY_MINUTE', 'DAY_HOUR', 'YEAR_MONTH',
]);

/** Units of TIMESTAMPDIFF and TIMESTAMPADD. */
export const TIMESTAMP_UNITS = new Set(['MICROSECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']);

/** Types of CAST and CONVERT, with how many numbers each may take in parentheses. */
export const CAST_TYPES: Record<string, 0 | 1 | 2> = {
  BINARY: 1,
  CHAR: 1,
  DATE: 0,
  DATETIME: 1,
  DECIMAL: 2,
  DOUBLE: 0,
  SIGNED: 0,
  TIME: 1,
  UNSIGNED: 0,
};

/**
 * Reserved words of MySQL 8 and MariaDB 10/11 (either server refuses them as
 * bare names). Some operators and constructs among them are read by the parser
 * itself; any other one as a column name must be quoted in backticks.
 */
export const RESERVED_WORDS = new Set([
  'ACCESSIBLE', 'ADD', 'ALL', 'ALTER', 'ANALYZE', 'AND', 'AS', 'ASC', 'ASENSITIVE', 'BEFORE', 'BETWEEN', 'BIGINT', 'BINARY',
  'BLOB', 'BOTH', 'BY', 'CALL', 'CASCADE', 'CASE', 'CHANGE', 'CHAR', 'CHARACTER', 'CHECK', 'COLLATE', 'COLUMN', 'CONDITION',
  'CONSTRAINT', 'CONTINUE', 'CONVERT', 'CREATE', 'CROSS', 'CUBE', 'CUME_DIST', 'CURRENT_DATE', 'CURRENT_ROLE', 'CURRENT_TIME',
  'CURRENT_TIMESTAMP', 'CURRENT_USER', 'CURSOR', 'DATABASE', 'DATABASES', 'DAY_HOUR', 'DAY_MICROSECOND', 'DAY_MINUTE',
  'DAY_SECOND', 'DEC', 'DECIMAL', 'DECLARE', 'DEFAULT', 'DELAYED', 'DELETE', 'DELETE_DOMAIN_ID', 'DENSE_RANK', 'DESC',
  'DESCRIBE', 'DETERMINISTIC', 'DISTINCT', 'DISTINCTROW', 'DIV', 'DO_DOMAIN_IDS', 'DOUBLE', 'DROP', 'DUAL', 'EACH', 'ELSE',
  'ELSEIF', 'EMPTY', 'ENCLOSED', 'ESCAPED', 'EXCEPT', 'EXISTS', 'EXIT', 'EXPLAIN', 'FALSE', 'FETCH', 'FIRST_VALUE', 'FLOAT',
  'FLOAT4', 'FLOAT8', 'FOR', 'FORCE', 'FOREIGN', 'FROM', 'FULLTEXT', 'FUNCTION', 'GENERAL', 'GENERATED', 'GET', 'GRANT',
  'GROUP', 'GROUPING', 'GROUPS', 'HAVING', 'HIGH_PRIORITY', 'HOUR_MICROSECOND', 'HOUR_MINUTE', 'HOUR_SECOND', 'IF', 'IGNORE',
  'IGNORE_DOMAIN_IDS', 'IGNORE_SERVER_IDS', 'IN', 'INDEX', 'INFILE', 'INNER', 'INOUT', 'INSENSITIVE', 'INSERT', 'INT', 'INT1',
  'INT2', 'INT3', 'INT4', 'INT8', 'INTEGER', 'INTERSECT', 'INTERVAL', 'INTO', 'IO_AFTER_GTIDS', 'IO_BEFORE_GTIDS', 'IS',
  'ITERATE', 'JOIN', 'JSON_TABLE', 'KEY', 'KEYS', 'KILL', 'LAG', 'LAST_VALUE', 'LATERAL', 'LEAD', 'LEADING', 'LEAVE', 'LEFT',
  'LIKE', 'LIMIT', 'LINEAR', 'LINES', 'LOAD', 'LOCALTIME', 'LOCALTIMESTAMP', 'LOCK', 'LONG', 'LONGBLOB', 'LONGTEXT', 'LOOP',
  'LOW_PRIORITY', 'MASTER_BIND', 'MASTER_HEARTBEAT_PERIOD', 'MASTER_SSL_VERIFY_SERVER_CERT', 'MATCH', 'MAXVALUE',
  'MEDIUMBLOB', 'MEDIUMINT', 'MEDIUMTEXT', 'MIDDLEINT', 'MINUTE_MICROSECOND', 'MINUTE_SECOND', 'MOD', 'MODIFIES', 'NATURAL',
  'NOT', 'NO_WRITE_TO_BINLOG', 'NTH_VALUE', 'NTILE', 'NULL', 'NUMERIC', 'OF', 'OFFSET', 'ON', 'OPTIMIZE', 'OPTIMIZER_COSTS',
  'OPTION', 'OPTIONALLY', 'OR', 'ORDER', 'OUT', 'OUTER', 'OUTFILE', 'OVER', 'PAGE_CHECKSUM', 'PARSE_VCOL_EXPR', 'PARTITION',
  'PERCENT_RANK', 'POSITION', 'PRECISION', 'PRIMARY', 'PROCEDURE', 'PURGE', 'RANGE', 'RANK', 'READ', 'READS', 'READ_WRITE',
  'REAL', 'RECURSIVE', 'REFERENCES', 'REF_SYSTEM_ID', 'REGEXP', 'RELEASE', 'RENAME', 'REPEAT', 'REPLACE', 'REQUIRE',
  'RESIGNAL', 'RESTRICT', 'RETURN', 'RETURNING', 'REVOKE', 'RIGHT', 'RLIKE', 'ROW', 'ROWS', 'ROW_NUMBER', 'SCHEMA', 'SCHEMAS',
  'SECOND_MICROSECOND', 'SELECT', 'SENSITIVE', 'SEPARATOR', 'SET', 'SHOW', 'SIGNAL', 'SLOW', 'SMALLINT', 'SPATIAL',
  'SPECIFIC', 'SQL', 'SQLEXCEPTION', 'SQLSTATE', 'SQLWARNING', 'SQL_BIG_RESULT', 'SQL_CALC_FOUND_ROWS', 'SQL_SMALL_RESULT',
  'SSL', 'STARTING', 'STATS_AUTO_RECALC', 'STATS_PERSISTENT', 'STATS_SAMPLE_PAGES', 'STORED', 'STRAIGHT_JOIN', 'SYSTEM',
  'TABLE', 'TERMINATED', 'THEN', 'TINYBLOB', 'TINYINT', 'TINYTEXT', 'TO', 'TRAILING', 'TRIGGER', 'TRUE', 'UNDO', 'UNION',
  'UNIQUE', 'UNLOCK', 'UNSIGNED', 'UPDATE', 'USAGE', 'USE', 'USING', 'UTC_DATE', 'UTC_TIME', 'UTC_TIMESTAMP', 'VALUES',
  'VARBINARY', 'VARCHAR', 'VARCHARACTER', 'VARYING', 'VIRTUAL', 'WHEN', 'WHERE', 'WHILE', 'WINDOW', 'WITH', 'WRITE', 'XOR',
  'YEAR_MONTH', 'ZEROFILL',
]);
