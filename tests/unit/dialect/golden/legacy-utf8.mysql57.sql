-- MySQL 5.7 spelling `utf8` (3-byte), a MyISAM table with ROW_FORMAT=COMPRESSED and a latin1 column with a collation OceanBase V4.2 lacks.
-- From MySQL 5.7 to MySQL 5.7.

-- Table old.accounts -> old.accounts
CREATE TABLE `old`.`accounts` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `login` varchar(64) NOT NULL,
  `display` varchar(255) CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci NULL DEFAULT NULL,
  `city` varchar(64) CHARACTER SET latin1 COLLATE latin1_german1_ci NULL DEFAULT NULL,
  `region` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=77 DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci ROW_FORMAT=COMPRESSED;

-- Index ux_login, built after the data
ALTER TABLE `old`.`accounts` ADD UNIQUE INDEX `ux_login` (`login`);

-- Notes:
-- change old.accounts: ENGINE=MyISAM -> ENGINE=InnoDB
--        Cutover applies changes in transactions together with its checkpoint, which needs a transactional engine.
