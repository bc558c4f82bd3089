-- RANGE on an expression, LIST COLUMNS, HASH, LINEAR KEY and RANGE with HASH subpartitions, as SHOW CREATE TABLE prints them (MariaDB).
-- From MariaDB to seekdb (OceanBase kernel 4.3.5.3).

-- Table sales.by_year -> sales.by_year
CREATE TABLE `sales`.`by_year` (
  `id` int(11) NOT NULL,
  `sold` date NOT NULL,
  PRIMARY KEY (`id`, `sold`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY RANGE (year(`sold`))
(PARTITION `p2023` VALUES LESS THAN (2024),
 PARTITION `pmax` VALUES LESS THAN MAXVALUE);

-- Notes:
-- change sales.by_year: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.

-- Table sales.by_country -> sales.by_country
CREATE TABLE `sales`.`by_country` (
  `id` int(11) NOT NULL,
  `country` char(2) NOT NULL,
  PRIMARY KEY (`id`, `country`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY LIST  COLUMNS(`country`)
(PARTITION `europe` VALUES IN ('FR','DE'),
 PARTITION `asia` VALUES IN ('CN','JP'));

-- Notes:
-- change sales.by_country: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.

-- Table sales.by_hash -> sales.by_hash
CREATE TABLE `sales`.`by_hash` (
  `id` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY HASH (`id`)
PARTITIONS 4;

-- Notes:
-- change sales.by_hash: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.

-- Table sales.by_key -> sales.by_key
CREATE TABLE `sales`.`by_key` (
  `id` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY KEY (`id`)
PARTITIONS 8;

-- Notes:
-- change sales.by_key: LINEAR KEY -> KEY
--        The destination has no LINEAR KEY partitioning; KEY keeps the same partitions with rows spread over them differently.
-- change sales.by_key: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.

-- Table sales.by_month -> sales.by_month
CREATE TABLE `sales`.`by_month` (
  `id` int(11) NOT NULL,
  `sold` date NOT NULL,
  PRIMARY KEY (`id`, `sold`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY RANGE (to_days(`sold`))
SUBPARTITION BY HASH (`id`)
SUBPARTITIONS 2
(PARTITION `old` VALUES LESS THAN (739252),
 PARTITION `new` VALUES LESS THAN MAXVALUE);

-- Notes:
-- change sales.by_month: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
