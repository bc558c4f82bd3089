-- MySQL 5.7 spelling `utf8` (3-byte), a MyISAM table with ROW_FORMAT=COMPRESSED and a latin1 column with a collation OceanBase V4.2 lacks.
-- From MySQL 5.7 to seekdb (OceanBase kernel 4.3.5.3).

-- Table old.accounts -> old.accounts
CREATE TABLE `old`.`accounts` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `login` varchar(64) NOT NULL,
  `display` varchar(255) NULL DEFAULT NULL,
  `city` varchar(64) NULL DEFAULT NULL,
  `region` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) AUTO_INCREMENT=77 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ux_login, built after the data
ALTER TABLE `old`.`accounts` ADD UNIQUE INDEX `ux_login` (`login`);

-- Notes:
-- change old.accounts: utf8mb3 utf8mb3_general_ci -> utf8mb4 utf8mb4_general_ci
--        The destination treats utf8 and utf8mb3 as utf8mb4: every value fits, and a character may take 4 bytes instead of 3.
-- change old.accounts.login: utf8mb3 utf8mb3_general_ci -> utf8mb4 utf8mb4_general_ci
--        The destination treats utf8 and utf8mb3 as utf8mb4: every value fits, and a character may take 4 bytes instead of 3.
-- change old.accounts.display: utf8mb3 utf8mb3_unicode_ci -> utf8mb4 utf8mb4_unicode_ci
--        The destination treats utf8 and utf8mb3 as utf8mb4: every value fits, and a character may take 4 bytes instead of 3.
-- LOSSY  old.accounts.display: utf8mb4_unicode_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_unicode_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change old.accounts.city: latin1 latin1_german1_ci -> utf8mb4 utf8mb4_general_ci
--        The destination has no latin1 character set; utf8mb4 holds every character of it, stored in UTF-8.
-- change old.accounts.region: ascii ascii_bin -> utf8mb4 utf8mb4_bin
--        The destination has no ascii character set; utf8mb4 holds every character of it, stored in UTF-8.
-- change old.accounts: ENGINE=MyISAM -> (none)
--        The destination has its own storage engine and no ENGINE option.
-- change old.accounts: ROW_FORMAT=COMPRESSED -> (default)
--        The destination has no such row format; it stores the rows its own way.
