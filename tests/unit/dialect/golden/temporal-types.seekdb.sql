-- DATE, TIME(3), DATETIME(6) and TIMESTAMP(6) with CURRENT_TIMESTAMP(6) and ON UPDATE, YEAR, literal and expression defaults, from MySQL 8.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.times -> shop.times
CREATE TABLE `shop`.`times` (
  `id` int NOT NULL,
  `born` date NULL DEFAULT '2000-01-01',
  `due` date NULL,
  `lap` time(3) NULL DEFAULT '00:00:01.500',
  `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `changed` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  `seen` timestamp NULL DEFAULT NULL,
  `season` year NULL DEFAULT 2024,
  `token` varchar(36) NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes:
-- LOSSY  shop.times: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.times.due: DEFAULT (curdate() + interval 7 day) -> (no default)
--        The destination accepts no expression as a default other than CURRENT_TIMESTAMP. Rows inserted without `due` no longer get (curdate() + interval 7 day).
-- LOSSY  shop.times.token: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.times.token: DEFAULT uuid() -> (no default)
--        The destination accepts no expression as a default other than CURRENT_TIMESTAMP. Rows inserted without `token` no longer get uuid().
-- change shop.times: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
