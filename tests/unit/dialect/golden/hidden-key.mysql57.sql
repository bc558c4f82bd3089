-- Tables without a primary or NOT NULL unique key get Cutover's hidden key; on a partitioned table its unique key carries the partitioning column.
-- From MariaDB to MySQL 5.7.

-- Table logs.visits -> logs.visits
CREATE TABLE `logs`.`visits` (
  `customer_id` int(11) NULL DEFAULT NULL,
  `at` datetime NULL DEFAULT NULL,
  `page` varchar(200) NULL DEFAULT NULL,
  `__cutover_row_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  UNIQUE KEY `__cutover_row_id` (`__cutover_row_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_customer, built after the data
ALTER TABLE `logs`.`visits` ADD INDEX `ix_customer` (`customer_id`);

-- Hidden key __cutover_row_id, dropped at switchover
ALTER TABLE `logs`.`visits` DROP COLUMN `__cutover_row_id`;

-- Notes:
-- change logs.visits.__cutover_row_id: (no primary or NOT NULL unique key) -> __cutover_row_id BIGINT UNSIGNED, unique
--        Cutover adds a key so that every change and every verified row is matched exactly; the destination has no invisible columns, so SELECT * shows it until it is dropped at the switchover.

-- Table logs.clicks -> logs.clicks
CREATE TABLE `logs`.`clicks` (
  `at` datetime NOT NULL,
  `target` varchar(200) NULL DEFAULT NULL,
  `__cutover_row_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  UNIQUE KEY `__cutover_row_id` (`__cutover_row_id`, `at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY HASH (to_days(`at`))
PARTITIONS 4;

-- Hidden key __cutover_row_id, dropped at switchover
ALTER TABLE `logs`.`clicks` DROP COLUMN `__cutover_row_id`;

-- Notes:
-- change logs.clicks.__cutover_row_id: (no primary or NOT NULL unique key) -> __cutover_row_id BIGINT UNSIGNED, unique
--        Cutover adds a key so that every change and every verified row is matched exactly; the destination has no invisible columns, so SELECT * shows it until it is dropped at the switchover.
