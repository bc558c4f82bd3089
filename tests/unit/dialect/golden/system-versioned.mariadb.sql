-- MariaDB system-versioned tables: one with implicit period columns, one with explicit invisible ROW START/ROW END columns.
-- From MariaDB to MariaDB.

-- Table audit.prices -> audit.prices
CREATE TABLE `audit`.`prices` (
  `id` int(11) NOT NULL,
  `price` decimal(10,2) NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci WITH SYSTEM VERSIONING;

-- Notes:
-- LOSSY  audit.prices: WITH SYSTEM VERSIONING -> WITH SYSTEM VERSIONING
--        Only the current rows are copied: the destination's history starts with the migration.

-- Table audit.stock -> audit.stock
CREATE TABLE `audit`.`stock` (
  `id` int(11) NOT NULL,
  `qty` int(11) NULL DEFAULT NULL,
  `valid_from` timestamp(6) GENERATED ALWAYS AS ROW START INVISIBLE,
  `valid_to` timestamp(6) GENERATED ALWAYS AS ROW END INVISIBLE,
  PRIMARY KEY (`id`, `valid_to`),
  PERIOD FOR SYSTEM_TIME (`valid_from`, `valid_to`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci WITH SYSTEM VERSIONING;

-- Notes:
-- LOSSY  audit.stock: WITH SYSTEM VERSIONING -> WITH SYSTEM VERSIONING
--        Only the current rows are copied: the destination's history starts with the migration.
