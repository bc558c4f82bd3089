-- Tables renamed into another database; a foreign key follows the renamed parent.
-- From MariaDB to seekdb (OceanBase kernel 4.3.5.3).

-- Table app.users -> app_v2.accounts
CREATE TABLE `app_v2`.`accounts` (
  `id` int(11) NOT NULL,
  `email` varchar(190) NOT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ux_email, built after the data
ALTER TABLE `app_v2`.`accounts` ADD UNIQUE INDEX `ux_email` (`email`);

-- Notes:
-- change app.users: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.

-- Table app.sessions -> app_v2.logins
CREATE TABLE `app_v2`.`logins` (
  `id` int(11) NOT NULL,
  `user_id` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index fk_sessions_user, built after the data
ALTER TABLE `app_v2`.`logins` ADD INDEX `fk_sessions_user` (`user_id`);

-- Foreign key fk_sessions_user, added at switchover
ALTER TABLE `app_v2`.`logins` ADD CONSTRAINT `fk_sessions_user` FOREIGN KEY (`user_id`) REFERENCES `app_v2`.`accounts` (`id`) ON DELETE CASCADE;

-- Notes:
-- change app.sessions: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
