-- MySQL 8's native JSON, with an expression default and a functional index on a JSON path.
-- From MySQL 8.0 or later to MySQL 8.0 or later.

-- Table shop.documents -> shop.documents
CREATE TABLE `shop`.`documents` (
  `id` int NOT NULL,
  `body` json NOT NULL,
  `extra` json NULL DEFAULT (json_object(_utf8mb4'v',1)),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

-- Notes: none
