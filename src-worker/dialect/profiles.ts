/**
 * Flavour profiles: what each server family can do, as data. Prechecks, DDL
 * conversion and SQL generation read them.
 *
 * PROFILES describe the current releases of each family (MySQL 8.0.23+ / 8.4,
 * MariaDB 10.11, OceanBase V4.3.1+ for MySQL tenants); `profileFor` narrows a
 * profile to an older release and to the collations a live server reports.
 * The converters never test a flavour name: every difference they honour is a
 * field here.
 *
 * OceanBase sources (MySQL mode), cited next to each rule below:
 * [OB-CREATE-TABLE] "CREATE TABLE", oceanbase/oceanbase-doc en-US/700.reference/500.sql-reference/100.sql-syntax/
 *   200.common-tenant-of-mysql-mode/600.sql-statement-of-mysql-mode/2600.create-table-of-mysql-mode.md
 *   https://github.com/oceanbase/oceanbase-doc/blob/0008b07fb0a9de77487c28b16164f8e2a1f39850/en-US/700.reference/500.sql-reference/100.sql-syntax/200.common-tenant-of-mysql-mode/600.sql-statement-of-mysql-mode/2600.create-table-of-mysql-mode.md
 * [OB-CREATE-INDEX] "CREATE INDEX", same folder, 2200.create-index-of-mysql-mode.md
 *   https://github.com/oceanbase/oceanbase-doc/blob/029a377716e30298a97a143a42d1b0d0a466d628/en-US/700.reference/500.sql-reference/100.sql-syntax/200.common-tenant-of-mysql-mode/600.sql-statement-of-mysql-mode/2200.create-index-of-mysql-mode.md
 * [OB-ALTER-TABLE] "ALTER TABLE", same folder, 1600.alter-table-of-mysql-mode.md
 *   https://github.com/oceanbase/oceanbase-doc/blob/029a377716e30298a97a143a42d1b0d0a466d628/en-US/700.reference/500.sql-reference/100.sql-syntax/200.common-tenant-of-mysql-mode/600.sql-statement-of-mysql-mode/1600.alter-table-of-mysql-mode.md
 * [OB-CREATE-VIEW] "CREATE VIEW", same folder, 2900.create-view-of-mysql-mode.md
 *   https://github.com/oceanbase/oceanbase-doc/blob/1f2bafc739465706fcec5ce7c31119b38cebf757/en-US/700.reference/500.sql-reference/100.sql-syntax/200.common-tenant-of-mysql-mode/600.sql-statement-of-mysql-mode/2900.create-view-of-mysql-mode.md
 * [OB-CHARSETS] "Character sets" (MySQL mode)
 *   https://github.com/oceanbase/oceanbase-doc/blob/04d975055be833c21dd91c398b6ffb47d138f64d/en-US/700.reference/500.sql-reference/100.sql-syntax/200.common-tenant-of-mysql-mode/100.basic-elements-of-mysql-mode/300.character-set-and-collation-of-mysql-mode/200.character-set-of-mysql-mode.md
 * [OB-COLLATIONS-4.2] "Collations", OceanBase Database V4.2.1 (MySQL mode)
 *   https://en.oceanbase.com/docs/common-oceanbase-database-10000000001231948
 * [OB-SPATIAL] "Create a spatial column" / "Create a spatial index" (MySQL mode)
 *   https://github.com/oceanbase/oceanbase-doc/blob/0716bbf143eec737223fd9b508864172eb11e675/en-US/700.reference/500.sql-reference/100.sql-syntax/200.common-tenant-of-mysql-mode/100.basic-elements-of-mysql-mode/100.data-type-of-mysql-mode/900.spatial-data-type-of-mysql-mode/300.create-spatial-columns-of-mysql-mode.md
 * [OB-FULLTEXT] "Full-text indexes" (MySQL mode), https://en.oceanbase.com/docs/common-oceanbase-database-10000000001974629
 * [OB-PARTITIONS] "Partitioning types" (MySQL mode)
 *   https://github.com/oceanbase/oceanbase-doc/blob/07e52e6da8dcb1c0df9074f4398fbc352a5fa639/en-US/700.reference/100.oceanbase-database-concepts/400.database-objects/200.database-objects-of-mysql-mode/400.partition-of-mysql-mode/300.partition-type-of-mysql-mode.md
 * [OB-LIMITS] "Limitations", https://en.oceanbase.com/docs/common-oceanbase-database-10000000001970959
 * [OB-TYPES] "Data type conversion" (MySQL to a MySQL tenant of OceanBase), https://alibabacloud.com/help/en/apsaradb-for-oceanbase/latest/data-type-conversion-1
 * [OMS-CREATE-TABLE] OMS "Incompatibilities of CREATE TABLE operations", https://en.oceanbase.com/docs/enterprise-oms-doc-en-10000000001792367
 * [OB-4.3.1] OceanBase Database V4.3.1 release note ("introduces the new feature of full-text indexing"),
 *   https://github.com/oceanbase/oceanbase/releases/tag/v4.3.1_CE_BETA
 * [SEEKDB-LIVE] seekdb 1.4.0.dev2 (PyPI package `seekdb`, OceanBase kernel 4.3.5.3), asked live by the test
 *   suite (tests/integration/seekdb-schema.test.ts): what it answered is quoted next to each rule.
 */

import { AppError } from '../../src-shared/errors';
import type { Edition, Flavour, ServerIdentity } from '../../src-shared/model/flavour';

/** How a column type the destination lacks is created there instead. */
export interface TypeMapping {
  columnType: string;
  charset: string | null;
  collation: string | null;
  lossy: boolean;
  reason: string;
}

export interface FlavourProfile {
  flavour: Flavour;
  /** Row changes can be read over the replication protocol (binlog or OceanBase binlog service). */
  binlogCapture: boolean;
  /**
   * Collations this flavour lacks and what a column using them becomes on it.
   * MySQL 8's UCA 9.0.0 (`_0900_`) collations exist neither in MySQL 5.7 nor in MariaDB 10.x, nor in the
   * OceanBase V4.2 list [OB-COLLATIONS-4.2]; utf8mb4_general_ci / utf8mb4_bin are what all of them have.
   */
  collationFallbacks: Record<string, string>;
  /** Collation name patterns this flavour lacks (beyond `collationFallbacks`); their columns get the character set's default. */
  missingCollations: readonly RegExp[];
  /** Every collation the flavour has, when it has a short list; null when it has all but the missing ones above. */
  collations: readonly string[] | null;
  /** Every character set the flavour has, when it has a short list; a column in another one becomes utf8mb4. */
  charsets: readonly string[] | null;
  /** Default collation of each character set the converters may fall back to. */
  defaultCollations: Record<string, string>;
  /** How the 3-byte UTF-8 character set is written: explicitly `utf8mb3`, or folded into `utf8mb4` where the flavour has no 3-byte UTF-8. */
  utf8mb3As: 'utf8mb3' | 'utf8mb4';
  /** Storage engines kept as they are; any other becomes the first one (none: no ENGINE clause at all). */
  storageEngines: readonly string[];
  /** ROW_FORMAT values kept; others are left out. */
  rowFormats: readonly string[];
  invisibleColumns: boolean;
  /** The keyword that hides an index from the optimizer, if any. */
  indexVisibility: 'INVISIBLE' | 'IGNORED' | null;
  /** `native`: a JSON type; `longtext-check`: JSON is LONGTEXT with a json_valid() CHECK (MariaDB). */
  json: 'native' | 'longtext-check';
  /** How a spatial column's SRID is declared, if at all. */
  srid: 'SRID' | 'REF_SYSTEM_ID' | null;
  /** `all`: the usual spatial reference systems (4326 ...); `cartesian`: SRID 0 only, no value with another one can be stored. */
  spatialReferenceSystems: 'all' | 'cartesian';
  spatialIndexes: boolean;
  fulltextIndexes: boolean;
  /** Column types a FULLTEXT index may cover; null for every character type. */
  fulltextColumnTypes: readonly string[] | null;
  /** A multi-column FULLTEXT index needs one character set across its columns. */
  fulltextSameCharset: boolean;
  descendingIndexes: boolean;
  functionalIndexes: boolean;
  functionalIndexesOnGeneratedColumns: boolean;
  checkConstraints: boolean;
  notEnforcedChecks: boolean;
  /** A foreign key may reference a table in another database. */
  crossDatabaseForeignKeys: boolean;
  /** CHECK constraint names must be unique in the whole database, not just in the table (MariaDB's scope). */
  checkNamesPerDatabase: boolean;
  /** `any`: DEFAULT (expr); `current-timestamp`: only CURRENT_TIMESTAMP and its synonyms. */
  expressionDefaults: 'any' | 'current-timestamp';
  /** Defaults on BLOB/TEXT/JSON/spatial columns: as a literal, only as an expression, or not at all. */
  blobDefaults: 'literal' | 'expression' | 'none';
  /** A generated column may be declared NOT NULL. */
  generatedNotNull: boolean;
  /** A generated column may read another generated column. */
  generatedOnGenerated: boolean;
  systemVersioning: boolean;
  /** PARTITIONS.PARTITION_METHOD values the flavour can create. */
  partitionMethods: readonly string[];
  /** Largest index key in bytes. */
  maxKeyLength: number;
  /** Largest LONGTEXT/LONGBLOB value in bytes, where it is below MySQL's 4 GB. */
  maxLobBytes: number | null;
  /** Types the flavour lacks, by ColumnDef.dataType. */
  typeMappings: Record<string, TypeMapping>;
  viewAlgorithm: boolean;
  viewSqlSecurity: boolean;
  /** `any`: WITH CHECK OPTION on any view; `updatable-single-table`: only on an updatable view that reads one table or view. */
  viewCheckOption: 'any' | 'updatable-single-table';
  /**
   * Copied rows are written with LOAD DATA LOCAL where the server allows it: the file's bytes reach every column
   * unchanged under CHARACTER SET binary, and the load is part of the chunk's transaction (so the writer fence holds
   * for it). Where not, with multi-row INSERT.
   */
  loadData: boolean;
}

const MYSQL8_UCA_TO_GENERAL: Record<string, string> = {
  utf8mb4_0900_ai_ci: 'utf8mb4_general_ci',
  utf8mb4_0900_as_ci: 'utf8mb4_general_ci',
  utf8mb4_0900_as_cs: 'utf8mb4_bin',
  utf8mb4_0900_bin: 'utf8mb4_bin',
};

/** MariaDB 10.10+ UCA 14.0.0 collations: the closest UCA collation MySQL 8 has. */
const MARIADB_UCA1400_TO_MYSQL8: Record<string, string> = {
  utf8mb4_uca1400_ai_ci: 'utf8mb4_0900_ai_ci',
  utf8mb4_uca1400_as_ci: 'utf8mb4_0900_as_ci',
  utf8mb4_uca1400_as_cs: 'utf8mb4_0900_as_cs',
};

/** MariaDB 10.10+ UCA 14.0.0 collations where there is no UCA 9.0.0 either. */
const MARIADB_UCA1400_TO_UNICODE: Record<string, string> = {
  utf8mb4_uca1400_ai_ci: 'utf8mb4_unicode_ci',
  utf8mb4_uca1400_as_ci: 'utf8mb4_unicode_ci',
  utf8mb4_uca1400_as_cs: 'utf8mb4_bin',
};

const UNICODE_DEFAULTS: Record<string, string> = {
  utf8mb4: 'utf8mb4_general_ci',
  utf8mb3: 'utf8mb3_general_ci',
  utf16: 'utf16_general_ci',
  utf16le: 'utf16le_general_ci',
  utf32: 'utf32_general_ci',
  ucs2: 'ucs2_general_ci',
  latin1: 'latin1_swedish_ci',
  binary: 'binary',
};

/** InnoDB only: the replay commits its checkpoint in the same transaction as the rows, which needs a transactional engine. */
const TRANSACTIONAL_ENGINES = ['InnoDB'];
const INNODB_ROW_FORMATS = ['REDUNDANT', 'COMPACT', 'DYNAMIC', 'COMPRESSED'];
const MYSQL_PARTITION_METHODS = ['RANGE', 'RANGE COLUMNS', 'LIST', 'LIST COLUMNS', 'HASH', 'LINEAR HASH', 'KEY', 'LINEAR KEY'];

/** MariaDB's network and UUID types, kept as their text form (the form the copy reads and writes). */
const MARIADB_TYPES_AS_TEXT = (charset: string, collation: string, product: string): Record<string, TypeMapping> => ({
  inet4: {
    columnType: 'varchar(15)',
    charset,
    collation,
    lossy: false,
    reason: `${product} has no INET4 type; addresses keep their dotted text form, which sorts as text rather than numerically.`,
  },
  inet6: {
    columnType: 'varchar(39)',
    charset,
    collation,
    lossy: false,
    reason: `${product} has no INET6 type; addresses keep MariaDB's normalised text form, which sorts as text rather than by address bytes.`,
  },
  uuid: {
    columnType: 'char(36)',
    charset,
    collation,
    lossy: false,
    reason: `${product} has no UUID type; values keep their canonical text form, which sorts as text rather than in MariaDB's UUID order.`,
  },
});

/** MySQL 8.0.11+ prints GEOMETRYCOLLECTION as GEOMCOLLECTION; the others know only the long name. */
const GEOMETRY_COLLECTION: Record<string, TypeMapping> = {
  geomcollection: {
    columnType: 'geometrycollection',
    charset: null,
    collation: null,
    lossy: false,
    reason: 'The same type under the name the destination knows.',
  },
};

const MYSQL80: FlavourProfile = {
  flavour: 'mysql80',
  binlogCapture: true,
  collationFallbacks: MARIADB_UCA1400_TO_MYSQL8,
  missingCollations: [/_uca1400_/, /_nopad_/],
  collations: null,
  charsets: null,
  defaultCollations: { ...UNICODE_DEFAULTS, utf8mb4: 'utf8mb4_0900_ai_ci' },
  utf8mb3As: 'utf8mb3',
  storageEngines: TRANSACTIONAL_ENGINES,
  rowFormats: INNODB_ROW_FORMATS,
  invisibleColumns: true,
  indexVisibility: 'INVISIBLE',
  json: 'native',
  srid: 'SRID',
  spatialReferenceSystems: 'all',
  spatialIndexes: true,
  fulltextIndexes: true,
  fulltextColumnTypes: null,
  fulltextSameCharset: false,
  descendingIndexes: true,
  functionalIndexes: true,
  functionalIndexesOnGeneratedColumns: true,
  checkConstraints: true,
  notEnforcedChecks: true,
  crossDatabaseForeignKeys: true,
  checkNamesPerDatabase: true,
  expressionDefaults: 'any',
  blobDefaults: 'expression',
  generatedNotNull: true,
  generatedOnGenerated: true,
  systemVersioning: false,
  partitionMethods: MYSQL_PARTITION_METHODS,
  maxKeyLength: 3072,
  maxLobBytes: null,
  typeMappings: MARIADB_TYPES_AS_TEXT('ascii', 'ascii_bin', 'MySQL'),
  viewAlgorithm: true,
  viewSqlSecurity: true,
  viewCheckOption: 'any',
  loadData: true,
};

const MYSQL57: FlavourProfile = {
  ...MYSQL80,
  flavour: 'mysql57',
  collationFallbacks: { ...MYSQL8_UCA_TO_GENERAL, ...MARIADB_UCA1400_TO_UNICODE },
  missingCollations: [/_0900_/, /_uca1400_/, /_nopad_/],
  defaultCollations: UNICODE_DEFAULTS,
  // MySQL 5.7 parses CHECK, DESC and INVISIBLE-less syntax but has none of these features.
  invisibleColumns: false,
  indexVisibility: null,
  srid: null,
  descendingIndexes: false,
  functionalIndexes: false,
  functionalIndexesOnGeneratedColumns: false,
  checkConstraints: false,
  notEnforcedChecks: false,
  expressionDefaults: 'current-timestamp',
  blobDefaults: 'none',
  typeMappings: { ...MYSQL80.typeMappings, ...GEOMETRY_COLLECTION },
};

const MARIADB: FlavourProfile = {
  ...MYSQL80,
  flavour: 'mariadb',
  collationFallbacks: MYSQL8_UCA_TO_GENERAL,
  missingCollations: [/_0900_/],
  defaultCollations: UNICODE_DEFAULTS,
  indexVisibility: 'IGNORED',
  json: 'longtext-check',
  srid: 'REF_SYSTEM_ID',
  functionalIndexes: false,
  functionalIndexesOnGeneratedColumns: false,
  notEnforcedChecks: false,
  checkNamesPerDatabase: false,
  blobDefaults: 'literal',
  generatedNotNull: false,
  systemVersioning: true,
  partitionMethods: [...MYSQL_PARTITION_METHODS, 'SYSTEM_TIME'],
  typeMappings: GEOMETRY_COLLECTION,
};

const OCEANBASE_CHARSET_DEFAULTS: Record<string, string> = {
  utf8mb4: 'utf8mb4_general_ci',
  binary: 'binary',
  gbk: 'gbk_chinese_ci',
  utf16: 'utf16_general_ci',
  gb18030: 'gb18030_chinese_ci',
  latin1: 'latin1_swedish_ci',
  gb18030_2022: 'gb18030_2022_chinese_ci',
};

const OCEANBASE: FlavourProfile = {
  flavour: 'oceanbase-mysql',
  binlogCapture: true,
  collationFallbacks: { ...MYSQL8_UCA_TO_GENERAL, ...MARIADB_UCA1400_TO_UNICODE },
  missingCollations: [],
  // The V4.2.1 list [OB-COLLATIONS-4.2]. Later releases document more (utf8mb4_0900_ai_ci among them);
  // profileFor() takes the list a live server reports, so those are kept where the tenant has them.
  collations: [
    'utf8mb4_general_ci',
    'utf8mb4_bin',
    'utf8mb4_unicode_ci',
    'binary',
    'gbk_chinese_ci',
    'gbk_bin',
    'utf16_general_ci',
    'utf16_bin',
    'utf16_unicode_ci',
    'gb18030_chinese_ci',
    'gb18030_bin',
    'latin1_swedish_ci',
    'latin1_bin',
    'gb18030_2022_bin',
    'gb18030_2022_chinese_ci',
    'gb18030_2022_chinese_cs',
    'gb18030_2022_radical_ci',
    'gb18030_2022_radical_cs',
    'gb18030_2022_stroke_ci',
    'gb18030_2022_stroke_cs',
  ],
  charsets: Object.keys(OCEANBASE_CHARSET_DEFAULTS),
  defaultCollations: OCEANBASE_CHARSET_DEFAULTS,
  // "OceanBase Database takes utf8 as a synonym for utf8mb4 ... utf8mb3 is an alias of utf8mb4" [OB-CHARSETS].
  utf8mb3As: 'utf8mb4',
  // ENGINE is not a table option of CREATE TABLE [OB-CREATE-TABLE].
  storageEngines: [],
  // ROW_FORMAT there switches OceanBase's encoding storage format; InnoDB's row formats mean nothing to it [OB-CREATE-TABLE].
  rowFormats: [],
  // The documented column_definition has no VISIBLE/INVISIBLE [OB-CREATE-TABLE, OB-ALTER-TABLE]: the documentation is
  // silent, so Cutover creates every column visible (the hidden key too) rather than emit DDL it cannot vouch for.
  invisibleColumns: false,
  // "ALTER INDEX index_name [VISIBLE | INVISIBLE]" [OB-ALTER-TABLE]; visibility_option of CREATE INDEX [OB-CREATE-INDEX].
  indexVisibility: 'INVISIBLE',
  // JSON is kept as JSON from V3.2.3 on [OB-TYPES].
  json: 'native',
  // "p POINT SRID 0, g GEOMETRY NOT NULL SRID 4326" [OB-SPATIAL].
  srid: 'SRID',
  spatialReferenceSystems: 'all',
  // SPATIAL INDEX on NOT NULL columns [OB-SPATIAL].
  spatialIndexes: true,
  // "Full-text indexes can be created only for columns of the CHAR, VARCHAR, and TEXT data types ... If you want to
  // create a full-text index on multiple columns, the columns must have the same character set" [OB-CREATE-INDEX,
  // OB-FULLTEXT]; available from V4.3.1 [OB-4.3.1].
  fulltextIndexes: true,
  fulltextColumnTypes: ['char', 'varchar', 'text'],
  fulltextSameCharset: true,
  // "ASC: ... The descending order is not supported" [OB-CREATE-INDEX].
  descendingIndexes: false,
  // key_part "(expr)" creates a function-based index; "You cannot create function-based indexes on generated
  // columns" [OB-CREATE-TABLE, OB-CREATE-INDEX].
  functionalIndexes: true,
  functionalIndexesOnGeneratedColumns: false,
  // CHECK in CREATE TABLE; "ADD CONSTRAINT [constraint_name] CHECK (expression)[[NOT] ENFORCED]" [OB-ALTER-TABLE].
  checkConstraints: true,
  notEnforcedChecks: true,
  // "parent table and child table in foreign key belong to different databases not supported" [SEEKDB-LIVE]: a
  // kernel rule (4.3.5.3), so kept for every OceanBase release until one is seen accepting it.
  crossDatabaseForeignKeys: false,
  // "The names of CHECK constraints in the same database cannot be repeated" [OB-CREATE-TABLE].
  checkNamesPerDatabase: true,
  // column_definition documents "DEFAULT const_value" only [OB-CREATE-TABLE]: other expression defaults are left out.
  expressionDefaults: 'current-timestamp',
  // Silent on defaults for TEXT/BLOB/JSON/spatial columns: left out.
  blobDefaults: 'none',
  generatedNotNull: true,
  // "Define a generated column based on other generated columns ... not supported" [OMS-CREATE-TABLE].
  generatedOnGenerated: false,
  systemVersioning: false,
  // RANGE [COLUMNS], LIST [COLUMNS], HASH and KEY, no LINEAR variants [OB-PARTITIONS, OB-CREATE-TABLE].
  partitionMethods: ['RANGE', 'RANGE COLUMNS', 'LIST', 'LIST COLUMNS', 'HASH', 'KEY'],
  // "Index length 16 KB" [OB-LIMITS].
  maxKeyLength: 16384,
  // "LONGBLOB 536,870,910 bytes" [OB-LIMITS].
  maxLobBytes: 536_870_910,
  // OceanBase's MySQL-mode types have no INET4/INET6/UUID [OB-TYPES].
  typeMappings: { ...MARIADB_TYPES_AS_TEXT('utf8mb4', 'utf8mb4_bin', 'OceanBase'), ...GEOMETRY_COLLECTION },
  // The documented CREATE VIEW has neither ALGORITHM nor SQL SECURITY [OB-CREATE-VIEW]: silent, so left out.
  viewAlgorithm: false,
  viewSqlSecurity: false,
  // "CHECK OPTION on non-updatable view" and "join view with check option not allowed" [SEEKDB-LIVE]: kernel rules.
  viewCheckOption: 'updatable-single-table',
  // LOAD DATA commits on its own (a ROLLBACK after it leaves its rows, and the rows written before it in the same
  // transaction), and CHARACTER SET binary is not honoured: bytes from 0x80 up are converted as if they were latin1
  // (0xE9 arrives as C3 A9, in a VARBINARY too). Multi-row INSERT is transactional there, and faster: 1M rows in
  // 8.6 s against 10.3 s with LOAD DATA under CHARACTER SET utf8mb4 (which keeps the bytes) [SEEKDB-LIVE].
  loadData: false,
};

export const PROFILES: Record<Flavour, FlavourProfile> = {
  mysql57: MYSQL57,
  mysql80: MYSQL80,
  mariadb: MARIADB,
  'oceanbase-mysql': OCEANBASE,
};

export function profileOf(flavour: Flavour): FlavourProfile {
  return PROFILES[flavour];
}

/**
 * What a product of a family lacks relative to the family's profile, each rule with its evidence. seekdb is
 * OceanBase's engine (kernel 4.3.5.3 in seekdb 1.4.0) with fewer character sets than a tenant and no binlog.
 */
export const EDITION_LACKS: Record<Edition, Partial<FlavourProfile>> = {
  seekdb: {
    // SHOW CHARACTER SET lists binary and utf8mb4 only; SHOW COLLATION utf8mb4_general_ci, utf8mb4_bin and binary
    // ("Unknown character set: 'latin1'", "Unknown collation: 'utf8mb4_unicode_ci'") [SEEKDB-LIVE].
    charsets: ['utf8mb4', 'binary'],
    collations: ['utf8mb4_general_ci', 'utf8mb4_bin', 'binary'],
    collationFallbacks: { ...MYSQL8_UCA_TO_GENERAL, utf8mb4_uca1400_ai_ci: 'utf8mb4_general_ci', utf8mb4_uca1400_as_ci: 'utf8mb4_general_ci', utf8mb4_uca1400_as_cs: 'utf8mb4_bin' },
    defaultCollations: { utf8mb4: 'utf8mb4_general_ci', binary: 'binary' },
    // information_schema.ST_SPATIAL_REFERENCE_SYSTEMS holds SRID 0 only; "Spatial reference system is empty" for
    // SRID 4326, in a column definition and in a value alike [SEEKDB-LIVE].
    spatialReferenceSystems: 'cartesian',
    // SHOW MASTER STATUS and SHOW BINARY LOGS are syntax errors there: nothing to capture, so no reverse incremental [SEEKDB-LIVE].
    binlogCapture: false,
  },
};

/** What releases before `before` lack, relative to the family's profile. */
interface OlderRelease {
  before: string;
  lacks: Partial<FlavourProfile>;
}

const MARIADB_BEFORE_10_5_TYPES = MARIADB_TYPES_AS_TEXT('ascii', 'ascii_bin', 'This MariaDB release');

/**
 * Feature versions: MySQL 8.0 reference manual (functional key parts and expression defaults 8.0.13, CHECK
 * enforced 8.0.16, invisible columns 8.0.23); MariaDB knowledge base (CHECK and expression defaults 10.2.1,
 * invisible columns 10.3.3, system versioning 10.3.4, INET6 10.5.0, IGNORED indexes 10.6.0, UUID 10.7.1,
 * descending indexes 10.8.1, INET4 10.10.1); OceanBase full-text indexes V4.3.1 [OB-4.3.1].
 */
const OLDER_RELEASES: Record<Flavour, OlderRelease[]> = {
  mysql57: [],
  mysql80: [
    { before: '8.0.13', lacks: { functionalIndexes: false, expressionDefaults: 'current-timestamp', blobDefaults: 'none' } },
    { before: '8.0.16', lacks: { checkConstraints: false, notEnforcedChecks: false } },
    { before: '8.0.23', lacks: { invisibleColumns: false } },
  ],
  mariadb: [
    { before: '10.2.1', lacks: { checkConstraints: false, expressionDefaults: 'current-timestamp', blobDefaults: 'none' } },
    { before: '10.3.3', lacks: { invisibleColumns: false } },
    { before: '10.3.4', lacks: { systemVersioning: false } },
    { before: '10.5.0', lacks: { typeMappings: MARIADB_BEFORE_10_5_TYPES } },
    { before: '10.6.0', lacks: { indexVisibility: null } },
    { before: '10.7.1', lacks: { typeMappings: { uuid: MARIADB_BEFORE_10_5_TYPES.uuid, inet4: MARIADB_BEFORE_10_5_TYPES.inet4 } } },
    { before: '10.8.1', lacks: { descendingIndexes: false } },
    { before: '10.10.1', lacks: { typeMappings: { inet4: MARIADB_BEFORE_10_5_TYPES.inet4 } } },
  ],
  'oceanbase-mysql': [{ before: '4.3.1', lacks: { fulltextIndexes: false } }],
};

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] || 0) - (pb[i] || 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The profile of one server: its family's profile without what its release lacks and, when the server's
 * collation list is given (SHOW COLLATION), with exactly the collations it has. The earliest release that
 * lacks a feature wins, so the entries are applied newest first.
 */
export function profileFor(identity: ServerIdentity, serverCollations?: Iterable<string>): FlavourProfile {
  if (!identity.flavour) {
    throw new AppError({ code: 'unsupported_server', message: identity.unsupportedReason ?? `Cutover does not support ${identity.versionString}.` });
  }
  let profile: FlavourProfile = { ...PROFILES[identity.flavour] };
  const older = OLDER_RELEASES[identity.flavour].filter((o) => compareVersions(identity.version, o.before) < 0);
  for (const release of older.reverse()) {
    const typeMappings = release.lacks.typeMappings ? { ...profile.typeMappings, ...release.lacks.typeMappings } : profile.typeMappings;
    profile = { ...profile, ...release.lacks, typeMappings };
  }
  if (identity.edition) profile = { ...profile, ...EDITION_LACKS[identity.edition] };
  if (serverCollations) {
    const available = [...serverCollations].map((c) => c.toLowerCase());
    const fallbacks = Object.fromEntries(Object.entries(profile.collationFallbacks).filter(([name]) => !available.includes(name)));
    // A collation is named after its character set (`latin1_swedish_ci`, `binary`): the server has exactly those sets.
    const charsets = new Set(available.map((name) => (name === 'binary' ? name : name.slice(0, name.indexOf('_')))));
    // The 3-byte UTF-8 set goes by both names (utf8_general_ci in older releases, utf8mb3_general_ci in newer ones).
    if (charsets.has('utf8') || charsets.has('utf8mb3')) charsets.add('utf8').add('utf8mb3');
    profile = { ...profile, collations: available, charsets: [...charsets], missingCollations: [], collationFallbacks: fallbacks };
  }
  return profile;
}
