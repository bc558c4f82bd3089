-- Character and binary strings, every TEXT and BLOB size, ENUM and SET with quotes and backslashes in values and defaults, from MariaDB.
-- From MariaDB to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.strings -> shop.strings
CREATE TABLE `shop`.`strings` (
  `id` int(11) NOT NULL,
  `code` char(10) NOT NULL DEFAULT '',
  `name` varchar(255) NULL DEFAULT 'O''Brien \\ Sons' COMMENT 'the customer''s name',
  `latin` varchar(40) NULL DEFAULT 'café',
  `legacy` varchar(40) NULL DEFAULT NULL,
  `digest` binary(16) NULL DEFAULT NULL,
  `payload` varbinary(64) NULL DEFAULT 'ab',
  `tiny_note` tinytext NULL DEFAULT NULL,
  `note` text NULL,
  `medium_note` mediumtext NULL DEFAULT NULL,
  `long_note` longtext NULL DEFAULT NULL,
  `tiny_data` tinyblob NULL DEFAULT NULL,
  `data` blob NULL DEFAULT NULL,
  `medium_data` mediumblob NULL DEFAULT NULL,
  `long_data` longblob NULL DEFAULT NULL,
  `size` enum('small','it''s','back\\slash') NOT NULL DEFAULT 'it''s',
  `tags` set('a','b''c','d') NULL DEFAULT 'a,b''c',
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='Strings: ''quoted'' and \\ backslashed';

-- Notes:
-- change shop.strings.latin: latin1 latin1_swedish_ci -> utf8mb4 utf8mb4_general_ci
--        The destination has no latin1 character set; utf8mb4 holds every character of it, stored in UTF-8.
-- change shop.strings.legacy: utf8mb3 utf8mb3_general_ci -> utf8mb4 utf8mb4_general_ci
--        The destination treats utf8 and utf8mb3 as utf8mb4: every value fits, and a character may take 4 bytes instead of 3.
-- LOSSY  shop.strings.note: DEFAULT 'n/a' -> (no default)
--        The destination accepts no default on BLOB, TEXT, JSON or spatial columns. Rows inserted without `note` no longer get 'n/a'.
-- change shop.strings.long_note: longtext -> longtext, at most 536,870,910 bytes a value
--        The destination stores at most 536,870,910 bytes in one value of this type (the source up to 4 GB); a longer value is refused when copied.
-- change shop.strings.long_data: longblob -> longblob, at most 536,870,910 bytes a value
--        The destination stores at most 536,870,910 bytes in one value of this type (the source up to 4 GB); a longer value is refused when copied.
-- change shop.strings: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
