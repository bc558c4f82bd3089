-- MariaDB system-versioned tables: one with implicit period columns, one with explicit invisible ROW START/ROW END columns.
-- From MariaDB to seekdb (OceanBase kernel 4.3.5.3).

-- Table audit.prices -> audit.prices
CREATE TABLE `audit`.`prices` (
  `id` int(11) NOT NULL,
  `price` decimal(10,2) NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- change audit.prices: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
-- LOSSY  audit.prices: WITH SYSTEM VERSIONING -> (not versioned)
--        The destination has no system-versioned tables: only the current rows are copied and no history is kept from now on.

-- Table audit.stock -> audit.stock
CREATE TABLE `audit`.`stock` (
  `id` int(11) NOT NULL,
  `qty` int(11) NULL DEFAULT NULL,
  `valid_from` timestamp(6) NOT NULL,
  `valid_to` timestamp(6) NOT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- change audit.stock.valid_from: INVISIBLE -> (visible)
--        The destination has no invisible columns: SELECT * and INSERT without a column list now include this column.
-- change audit.stock.valid_to: INVISIBLE -> (visible)
--        The destination has no invisible columns: SELECT * and INSERT without a column list now include this column.
-- change audit.stock index PRIMARY: `valid_to` in the key -> (left out of the key)
--        MariaDB adds the ROW END column to the unique keys of a system-versioned table; without versioning only the current rows exist and the key is unique without it.
-- change audit.stock: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
-- LOSSY  audit.stock: WITH SYSTEM VERSIONING -> (not versioned)
--        The destination has no system-versioned tables: only the current rows are copied and no history is kept from now on. `valid_from` and `valid_to` become ordinary columns holding the copied timestamps.
