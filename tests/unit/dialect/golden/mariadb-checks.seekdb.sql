-- A MariaDB column-level CHECK (which comes back as a table constraint) beside a table-level one, an expression default and an IGNORED index.
-- From MariaDB to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.stock -> shop.stock
CREATE TABLE `shop`.`stock` (
  `id` int(11) NOT NULL,
  `qty` int(11) NULL,
  `reserved` int(11) NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_qty, built after the data
ALTER TABLE `shop`.`stock` ADD INDEX `ix_qty` (`qty`) INVISIBLE;

-- Check stock_chk_qty, added at switchover
ALTER TABLE `shop`.`stock` ADD CONSTRAINT `stock_chk_qty` CHECK (`qty` >= 0);

-- Check chk_reserved, added at switchover
ALTER TABLE `shop`.`stock` ADD CONSTRAINT `chk_reserved` CHECK (`reserved` <= `qty`);

-- Notes:
-- LOSSY  shop.stock.qty: DEFAULT (1 + 2) -> (no default)
--        The destination accepts no expression as a default other than CURRENT_TIMESTAMP. Rows inserted without `qty` no longer get (1 + 2).
-- change shop.stock: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
-- change shop.stock constraint qty: `qty` ... CHECK (`qty` >= 0) -> CONSTRAINT `stock_chk_qty` CHECK (`qty` >= 0)
--        A check added after the table exists is a table constraint; it tests the same expression. It is named stock_chk_qty because check names must be unique in the destination database.
