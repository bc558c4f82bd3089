-- MariaDB's JSON: LONGTEXT with a json_valid() CHECK the reader turned into ColumnDef.json, one with its own collation.
-- From MariaDB to MySQL 5.7.

-- Table shop.settings -> shop.settings
CREATE TABLE `shop`.`settings` (
  `id` int(11) NOT NULL,
  `doc` json NULL,
  `raw_doc` json NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- LOSSY  shop.settings.doc: longtext with CHECK (json_valid()) -> json
--        The destination stores JSON in a binary form and prints it normalised: the whitespace, key order, duplicate keys and number spelling (1.50 becomes 1.5, 1e2 becomes 100.0) of the source text are not kept; the values are.
-- LOSSY  shop.settings.doc: DEFAULT '{}' -> (no default)
--        The destination accepts no default on BLOB, TEXT, JSON or spatial columns. Rows inserted without `doc` no longer get '{}'.
-- LOSSY  shop.settings.raw_doc: longtext with CHECK (json_valid()) -> json
--        The destination stores JSON in a binary form and prints it normalised: the whitespace, key order, duplicate keys and number spelling (1.50 becomes 1.5, 1e2 becomes 100.0) of the source text are not kept; the values are.
