-- Character and binary strings, every TEXT and BLOB size, ENUM and SET with quotes and backslashes in values and defaults, from MariaDB.
-- From MariaDB to MySQL 8.0 or later.

-- Table shop.strings -> shop.strings
CREATE TABLE `shop`.`strings` (
  `id` int(11) NOT NULL,
  `code` char(10) NOT NULL DEFAULT '',
  `name` varchar(255) NULL DEFAULT 'O''Brien \\ Sons' COMMENT 'the customer''s name',
  `latin` varchar(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL DEFAULT 'café',
  `legacy` varchar(40) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci NULL DEFAULT NULL,
  `digest` binary(16) NULL DEFAULT NULL,
  `payload` varbinary(64) NULL DEFAULT 'ab',
  `tiny_note` tinytext NULL DEFAULT NULL,
  `note` text NULL DEFAULT ('n/a'),
  `medium_note` mediumtext NULL DEFAULT NULL,
  `long_note` longtext NULL DEFAULT NULL,
  `tiny_data` tinyblob NULL DEFAULT NULL,
  `data` blob NULL DEFAULT NULL,
  `medium_data` mediumblob NULL DEFAULT NULL,
  `long_data` longblob NULL DEFAULT NULL,
  `size` enum('small','it''s','back\\slash') NOT NULL DEFAULT 'it''s',
  `tags` set('a','b''c','d') NULL DEFAULT 'a,b''c',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='Strings: ''quoted'' and \\ backslashed';

-- Notes:
-- change shop.strings.note: DEFAULT 'n/a' -> DEFAULT ('n/a')
--        The destination accepts a default on BLOB, TEXT, JSON or spatial columns only as an expression; the value is the same.
