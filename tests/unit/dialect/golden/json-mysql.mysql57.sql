-- MySQL 8's native JSON, with an expression default and a functional index on a JSON path.
-- From MySQL 8.0 or later to MySQL 5.7.

-- Table shop.documents -> shop.documents
CREATE TABLE `shop`.`documents` (
  `id` int NOT NULL,
  `body` json NOT NULL,
  `extra` json NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- LOSSY  shop.documents: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.documents.extra: DEFAULT (json_object(_utf8mb4'v',1)) -> (no default)
--        The destination accepts no default on BLOB, TEXT, JSON or spatial columns. Rows inserted without `extra` no longer get (json_object(_utf8mb4'v',1)).
