-- MySQL 8's native JSON, with an expression default and a functional index on a JSON path.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.documents -> shop.documents
CREATE TABLE `shop`.`documents` (
  `id` int NOT NULL,
  `body` json NOT NULL,
  `extra` json NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- LOSSY  shop.documents: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change shop.documents.body: json -> json, at most 536,870,910 bytes a value
--        The destination stores at most 536,870,910 bytes in one value of this type (the source up to 4 GB); a longer value is refused when copied.
-- LOSSY  shop.documents.extra: DEFAULT (json_object(_utf8mb4'v',1)) -> (no default)
--        The destination accepts no default on BLOB, TEXT, JSON or spatial columns. Rows inserted without `extra` no longer get (json_object(_utf8mb4'v',1)).
-- change shop.documents.extra: json -> json, at most 536,870,910 bytes a value
--        The destination stores at most 536,870,910 bytes in one value of this type (the source up to 4 GB); a longer value is refused when copied.
-- change shop.documents: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
