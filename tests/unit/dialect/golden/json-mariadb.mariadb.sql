-- MariaDB's JSON: LONGTEXT with a json_valid() CHECK the reader turned into ColumnDef.json, one with its own collation.
-- From MariaDB to MariaDB.

-- Table shop.settings -> shop.settings
CREATE TABLE `shop`.`settings` (
  `id` int(11) NOT NULL,
  `doc` json NULL DEFAULT '{}',
  `raw_doc` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL DEFAULT NULL CHECK (json_valid(`raw_doc`)),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Notes: none
