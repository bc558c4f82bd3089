-- Virtual and stored generated columns, one reading another, a NOT NULL one, and invisible columns, from MySQL 8.
-- From MySQL 8.0 or later to MySQL 8.0 or later.

-- Table shop.lines -> shop.lines
CREATE TABLE `shop`.`lines` (
  `id` int NOT NULL,
  `price` decimal(10,2) NOT NULL DEFAULT 0.00,
  `quantity` int NOT NULL DEFAULT 1,
  `total` decimal(20,2) GENERATED ALWAYS AS (`price` * `quantity`) STORED,
  `total_with_tax` decimal(20,2) GENERATED ALWAYS AS (`total` * 1.2) VIRTUAL NOT NULL,
  `label` varchar(80) GENERATED ALWAYS AS (concat(`id`,_utf8mb4'-',`quantity`)) VIRTUAL,
  `audit` varchar(20) NULL DEFAULT 'none' INVISIBLE,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

-- Index ix_total, built after the data
ALTER TABLE `shop`.`lines` ADD INDEX `ix_total` (`total`);

-- Notes: none
