-- MariaDB's JSON: LONGTEXT with a json_valid() CHECK the reader turned into ColumnDef.json, one with its own collation.
-- From MariaDB to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.settings -> shop.settings
CREATE TABLE `shop`.`settings` (
  `id` int(11) NOT NULL,
  `doc` json NULL,
  `raw_doc` json NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- LOSSY  shop.settings.doc: longtext with CHECK (json_valid()) -> json
--        The destination stores JSON in a binary form and prints it normalised: the whitespace, key order, duplicate keys and number spelling (1.50 becomes 1.5, 1e2 becomes 100.0) of the source text are not kept; the values are.
-- LOSSY  shop.settings.doc: DEFAULT '{}' -> (no default)
--        The destination accepts no default on BLOB, TEXT, JSON or spatial columns. Rows inserted without `doc` no longer get '{}'.
-- change shop.settings.doc: longtext -> json, at most 536,870,910 bytes a value
--        The destination stores at most 536,870,910 bytes in one value of this type (the source up to 4 GB); a longer value is refused when copied.
-- LOSSY  shop.settings.raw_doc: longtext with CHECK (json_valid()) -> json
--        The destination stores JSON in a binary form and prints it normalised: the whitespace, key order, duplicate keys and number spelling (1.50 becomes 1.5, 1e2 becomes 100.0) of the source text are not kept; the values are.
-- change shop.settings.raw_doc: longtext -> json, at most 536,870,910 bytes a value
--        The destination stores at most 536,870,910 bytes in one value of this type (the source up to 4 GB); a longer value is refused when copied.
-- change shop.settings: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
