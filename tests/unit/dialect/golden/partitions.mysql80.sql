-- RANGE on an expression, LIST COLUMNS, HASH, LINEAR KEY and RANGE with HASH subpartitions, as SHOW CREATE TABLE prints them (MariaDB).
-- From MariaDB to MySQL 8.0 or later.

-- Table sales.by_year -> sales.by_year
CREATE TABLE `sales`.`by_year` (
  `id` int(11) NOT NULL,
  `sold` date NOT NULL,
  PRIMARY KEY (`id`, `sold`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY RANGE (year(`sold`))
(PARTITION `p2023` VALUES LESS THAN (2024) ENGINE = InnoDB,
 PARTITION `pmax` VALUES LESS THAN MAXVALUE ENGINE = InnoDB);

-- Notes: none

-- Table sales.by_country -> sales.by_country
CREATE TABLE `sales`.`by_country` (
  `id` int(11) NOT NULL,
  `country` char(2) NOT NULL,
  PRIMARY KEY (`id`, `country`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY LIST  COLUMNS(`country`)
(PARTITION `europe` VALUES IN ('FR','DE') ENGINE = InnoDB,
 PARTITION `asia` VALUES IN ('CN','JP') ENGINE = InnoDB);

-- Notes: none

-- Table sales.by_hash -> sales.by_hash
CREATE TABLE `sales`.`by_hash` (
  `id` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY HASH (`id`)
PARTITIONS 4;

-- Notes: none

-- Table sales.by_key -> sales.by_key
CREATE TABLE `sales`.`by_key` (
  `id` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY LINEAR KEY (`id`)
PARTITIONS 8;

-- Notes: none

-- Table sales.by_month -> sales.by_month
CREATE TABLE `sales`.`by_month` (
  `id` int(11) NOT NULL,
  `sold` date NOT NULL,
  PRIMARY KEY (`id`, `sold`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY RANGE (to_days(`sold`))
SUBPARTITION BY HASH (`id`)
SUBPARTITIONS 2
(PARTITION `old` VALUES LESS THAN (739252) ENGINE = InnoDB,
 PARTITION `new` VALUES LESS THAN MAXVALUE ENGINE = InnoDB);

-- Notes: none
