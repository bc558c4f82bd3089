-- Virtual and stored generated columns, one reading another, a NOT NULL one, and invisible columns, from MySQL 8.
-- From MySQL 8.0 or later to MariaDB.

-- Table shop.lines -> shop.lines
CREATE TABLE `shop`.`lines` (
  `id` int NOT NULL,
  `price` decimal(10,2) NOT NULL DEFAULT 0.00,
  `quantity` int NOT NULL DEFAULT 1,
  `total` decimal(20,2) GENERATED ALWAYS AS (`price` * `quantity`) STORED,
  `total_with_tax` decimal(20,2) GENERATED ALWAYS AS (`total` * 1.2) VIRTUAL,
  `label` varchar(80) GENERATED ALWAYS AS (concat(`id`,_utf8mb4'-',`quantity`)) VIRTUAL,
  `audit` varchar(20) NULL DEFAULT 'none' INVISIBLE,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_total, built after the data
ALTER TABLE `shop`.`lines` ADD INDEX `ix_total` (`total`);

-- Notes:
-- LOSSY  shop.lines: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change shop.lines.total_with_tax: NOT NULL -> (nullable)
--        The destination cannot declare a generated column NOT NULL; the expression alone decides its value.
-- LOSSY  shop.lines.label: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.lines.audit: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
