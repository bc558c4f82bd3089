-- A MariaDB column-level CHECK (which comes back as a table constraint) beside a table-level one, an expression default and an IGNORED index.
-- From MariaDB to MySQL 5.7.

-- Table shop.stock -> shop.stock
CREATE TABLE `shop`.`stock` (
  `id` int(11) NOT NULL,
  `qty` int(11) NULL,
  `reserved` int(11) NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_qty, built after the data
ALTER TABLE `shop`.`stock` ADD INDEX `ix_qty` (`qty`);

-- Notes:
-- LOSSY  shop.stock.qty: DEFAULT (1 + 2) -> (no default)
--        The destination accepts no expression as a default other than CURRENT_TIMESTAMP. Rows inserted without `qty` no longer get (1 + 2).
-- change shop.stock index ix_qty: INVISIBLE -> (visible)
--        The destination cannot hide an index from the optimizer; queries may start using it.
-- LOSSY  shop.stock constraint qty: CHECK (`qty` >= 0) -> (left out)
--        The destination parses CHECK constraints but does not enforce them.
-- LOSSY  shop.stock constraint chk_reserved: CHECK (`reserved` <= `qty`) -> (left out)
--        The destination parses CHECK constraints but does not enforce them.
