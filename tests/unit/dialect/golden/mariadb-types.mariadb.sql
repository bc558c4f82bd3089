-- MariaDB's INET4, INET6 and UUID types, a UCA 14.0.0 and a NO PAD collation, from MariaDB 10.11.
-- From MariaDB to MariaDB.

-- Table net.hosts -> net.hosts
CREATE TABLE `net`.`hosts` (
  `id` uuid NOT NULL,
  `v4` inet4 NULL DEFAULT '127.0.0.1',
  `v6` inet6 NOT NULL DEFAULT '::1',
  `label` varchar(64) NULL DEFAULT NULL,
  `tag` varchar(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_nopad_ci NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Index ix_v6, built after the data
ALTER TABLE `net`.`hosts` ADD UNIQUE INDEX `ix_v6` (`v6`);

-- Notes: none
