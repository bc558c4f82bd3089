-- DATE, TIME(3), DATETIME(6) and TIMESTAMP(6) with CURRENT_TIMESTAMP(6) and ON UPDATE, YEAR, literal and expression defaults, from MySQL 8.
-- From MySQL 8.0 or later to MySQL 8.0 or later.

-- Table shop.times -> shop.times
CREATE TABLE `shop`.`times` (
  `id` int NOT NULL,
  `born` date NULL DEFAULT '2000-01-01',
  `due` date NULL DEFAULT (curdate() + interval 7 day),
  `lap` time(3) NULL DEFAULT '00:00:01.500',
  `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `changed` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  `seen` timestamp NULL DEFAULT NULL,
  `season` year NULL DEFAULT 2024,
  `token` varchar(36) NULL DEFAULT (uuid()),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

-- Notes: none
