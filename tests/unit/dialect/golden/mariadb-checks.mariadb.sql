-- A MariaDB column-level CHECK (which comes back as a table constraint) beside a table-level one, an expression default and an IGNORED index.
-- From MariaDB to MariaDB.

-- Table shop.stock -> shop.stock
CREATE TABLE `shop`.`stock` (
  `id` int(11) NOT NULL,
  `qty` int(11) NULL DEFAULT (1 + 2),
  `reserved` int(11) NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_qty, built after the data
ALTER TABLE `shop`.`stock` ADD INDEX `ix_qty` (`qty`) IGNORED;

-- Check qty, added at switchover
ALTER TABLE `shop`.`stock` ADD CONSTRAINT `qty` CHECK (`qty` >= 0);

-- Check chk_reserved, added at switchover
ALTER TABLE `shop`.`stock` ADD CONSTRAINT `chk_reserved` CHECK (`reserved` <= `qty`);

-- Notes:
-- change shop.stock constraint qty: `qty` ... CHECK (`qty` >= 0) -> CONSTRAINT `qty` CHECK (`qty` >= 0)
--        A check added after the table exists is a table constraint; it tests the same expression.
