-- MySQL 8's native JSON, with an expression default and a functional index on a JSON path.
-- From MySQL 8.0 or later to MariaDB.

-- Table shop.documents -> shop.documents
CREATE TABLE `shop`.`documents` (
  `id` int NOT NULL,
  `body` json NOT NULL,
  `extra` json NULL DEFAULT (json_object(_utf8mb4'v',1)),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- LOSSY  shop.documents: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change shop.documents.body: json -> longtext with CHECK (json_valid())
--        MariaDB's JSON is LONGTEXT with a json_valid() CHECK; the text is kept as the source prints it.
-- change shop.documents.extra: json -> longtext with CHECK (json_valid())
--        MariaDB's JSON is LONGTEXT with a json_valid() CHECK; the text is kept as the source prints it.
