-- AUTO_INCREMENT carried as the next value, an AUTO_INCREMENT column that leads a secondary index, and comments with quotes, from MariaDB.
-- From MariaDB to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.orders -> shop.orders
CREATE TABLE `shop`.`orders` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT COMMENT 'the order''s number',
  `note` varchar(200) NULL DEFAULT NULL COMMENT 'say "hi" \\ it''s fine',
  PRIMARY KEY (`id`)
) AUTO_INCREMENT=123457 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='Customer orders (it''s a \\ test)';

-- Notes:
-- change shop.orders: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.

-- Table shop.events -> shop.events
CREATE TABLE `shop`.`events` (
  `source` varchar(20) NOT NULL,
  `seq` int(11) NOT NULL AUTO_INCREMENT,
  `at` datetime NOT NULL,
  PRIMARY KEY (`source`, `at`),
  KEY `ix_seq` (`seq`)
) AUTO_INCREMENT=9 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_at, built after the data
ALTER TABLE `shop`.`events` ADD INDEX `ix_at` (`at`);

-- Notes:
-- change shop.events: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
