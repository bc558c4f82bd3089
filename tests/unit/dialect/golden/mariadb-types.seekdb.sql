-- MariaDB's INET4, INET6 and UUID types, a UCA 14.0.0 and a NO PAD collation, from MariaDB 10.11.
-- From MariaDB to seekdb (OceanBase kernel 4.3.5.3).

-- Table net.hosts -> net.hosts
CREATE TABLE `net`.`hosts` (
  `id` char(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  `v4` varchar(15) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL DEFAULT '127.0.0.1',
  `v6` varchar(39) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '::1',
  `label` varchar(64) NULL DEFAULT NULL,
  `tag` varchar(16) NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_v6, built after the data
ALTER TABLE `net`.`hosts` ADD UNIQUE INDEX `ix_v6` (`v6`);

-- Notes:
-- LOSSY  net.hosts: utf8mb4_uca1400_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_uca1400_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change net.hosts.id: uuid -> char(36)
--        OceanBase has no UUID type; values keep their canonical text form, which sorts as text rather than in MariaDB's UUID order.
-- change net.hosts.v4: inet4 -> varchar(15)
--        OceanBase has no INET4 type; addresses keep their dotted text form, which sorts as text rather than numerically.
-- change net.hosts.v6: inet6 -> varchar(39)
--        OceanBase has no INET6 type; addresses keep MariaDB's normalised text form, which sorts as text rather than by address bytes.
-- LOSSY  net.hosts.label: utf8mb4_uca1400_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_uca1400_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  net.hosts.tag: utf8mb4_general_nopad_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_general_nopad_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change net.hosts: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
