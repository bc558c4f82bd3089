-- Integers (unsigned, zerofill, tinyint(1)), decimal(65,30), float/double, bit(1) and bit(64), year, from MySQL 8.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.numbers -> shop.numbers
CREATE TABLE `shop`.`numbers` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `flag` tinyint(1) NOT NULL DEFAULT 0,
  `small` smallint unsigned NULL DEFAULT 7,
  `medium` mediumint NULL DEFAULT -8388608,
  `padded` int(10) unsigned zerofill NULL DEFAULT 42,
  `money` decimal(65,30) NOT NULL DEFAULT 0.000000000000000000000000000000,
  `ratio` float NULL DEFAULT NULL,
  `legacy_ratio` float(7,3) NULL DEFAULT 1.250,
  `precise` double NULL DEFAULT 1500,
  `one_bit` bit(1) NOT NULL DEFAULT b'0',
  `flags` bit(64) NULL DEFAULT b'1010',
  `built` year NULL DEFAULT 2024,
  PRIMARY KEY (`id`)
) AUTO_INCREMENT=1001 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- LOSSY  shop.numbers: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change shop.numbers: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
