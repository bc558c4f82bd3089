-- Virtual and stored generated columns, one reading another, a NOT NULL one, and invisible columns, from MySQL 8.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.lines -> shop.lines
CREATE TABLE `shop`.`lines` (
  `id` int NOT NULL,
  `price` decimal(10,2) NOT NULL DEFAULT 0.00,
  `quantity` int NOT NULL DEFAULT 1,
  `total` decimal(20,2) GENERATED ALWAYS AS (`price` * `quantity`) STORED,
  `total_with_tax` decimal(20,2) GENERATED ALWAYS AS ((`price` * `quantity`) * 1.2) VIRTUAL NOT NULL,
  `label` varchar(80) GENERATED ALWAYS AS (concat(`id`,_utf8mb4'-',`quantity`)) VIRTUAL,
  `audit` varchar(20) NULL DEFAULT 'none',
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_total, built after the data
ALTER TABLE `shop`.`lines` ADD INDEX `ix_total` (`total`);

-- Notes:
-- LOSSY  shop.lines: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change shop.lines.total_with_tax: AS (`total` * 1.2) -> AS ((`price` * `quantity`) * 1.2)
--        The destination does not let a generated column read another generated column; the other column is replaced by its expression, which computes the same value.
-- LOSSY  shop.lines.label: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.lines.audit: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change shop.lines.audit: INVISIBLE -> (visible)
--        The destination has no invisible columns: SELECT * and INSERT without a column list now include this column.
-- change shop.lines: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
