-- A column subset that leaves out `secret` and `region`: the indexes, keys, checks, generated columns and partitioning that use them go with them.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- Table crm.people -> crm.people
CREATE TABLE `crm`.`people` (
  `id` int NOT NULL,
  `name` varchar(100) NULL DEFAULT NULL,
  `name_upper` varchar(100) GENERATED ALWAYS AS (upper(`name`)) VIRTUAL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_name, built after the data
ALTER TABLE `crm`.`people` ADD INDEX `ix_name` (`name`);

-- Check chk_name, added at switchover
ALTER TABLE `crm`.`people` ADD CONSTRAINT `chk_name` CHECK (`name` <> _utf8mb4'');

-- Notes:
-- LOSSY  crm.people.secret_hash: AS (sha2(`secret`,256)) -> (left out)
--        The generated column reads a column the column subset leaves out.
-- LOSSY  crm.people: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  crm.people.name: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  crm.people.name_upper: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  crm.people index PRIMARY: PRIMARY KEY (`id`, `region`) -> (left out)
--        It uses `region`, which the column subset leaves out. Queries that used the index run without it, and its uniqueness is no longer enforced.
-- LOSSY  crm.people index ix_secret: INDEX ix_secret (`secret`, `name`) -> (left out)
--        It uses `secret`, which the column subset leaves out. Queries that used the index run without it.
-- LOSSY  crm.people index ix_lower_secret: INDEX ix_lower_secret ((lower(`secret`))) -> (left out)
--        Its expression uses `secret`, which the column subset leaves out. Queries that used the index run without it.
-- change crm.people: PARTITION BY KEY (`region`) -> (not partitioned)
--        Partitioning reads `region`, which the column subset leaves out. The table is created unpartitioned; every row is still copied.
-- change crm.people: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
-- LOSSY  crm.people constraint fk_people_region: FOREIGN KEY (region) REFERENCES crm.regions (id) -> (left out)
--        It uses `region`, which the column subset leaves out. The destination does not enforce this reference.
-- LOSSY  crm.people constraint chk_secret: CHECK (length(`secret`) > 8) -> (left out)
--        It reads `secret`, which the column subset leaves out; the destination does not enforce it.
