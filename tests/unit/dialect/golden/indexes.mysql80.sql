-- Composite, prefix, descending, unique, FULLTEXT (one on a LONGTEXT), SPATIAL, functional, invisible and commented indexes, and a HASH index of a MEMORY table, from MySQL 8.
-- From MySQL 8.0 or later to MySQL 8.0 or later.

-- Table shop.products -> shop.products
CREATE TABLE `shop`.`products` (
  `id` int NOT NULL,
  `sku` varchar(32) NOT NULL,
  `title` varchar(200) NULL DEFAULT NULL,
  `body` text NULL DEFAULT NULL,
  `specs` longtext NULL DEFAULT NULL,
  `created` datetime NOT NULL,
  `price` decimal(10,2) NULL DEFAULT NULL,
  `spot` point NOT NULL SRID 4326,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

-- Index ux_sku, built after the data
ALTER TABLE `shop`.`products` ADD UNIQUE INDEX `ux_sku` (`sku`);

-- Index ix_title_created, built after the data
ALTER TABLE `shop`.`products` ADD INDEX `ix_title_created` (`title`(20), `created` DESC) COMMENT 'for the shop''s listing';

-- Index ix_price, built after the data
ALTER TABLE `shop`.`products` ADD INDEX `ix_price` (`price`) INVISIBLE;

-- Index ix_lower_sku, built after the data
ALTER TABLE `shop`.`products` ADD INDEX `ix_lower_sku` ((lower(`sku`)));

-- Index ft_text, built after the data
ALTER TABLE `shop`.`products` ADD FULLTEXT INDEX `ft_text` (`title`, `body`);

-- Index ft_specs, built after the data
ALTER TABLE `shop`.`products` ADD FULLTEXT INDEX `ft_specs` (`specs`);

-- Index sp_spot, built after the data
ALTER TABLE `shop`.`products` ADD SPATIAL INDEX `sp_spot` (`spot`);

-- Notes: none

-- Table shop.sessions -> shop.sessions
CREATE TABLE `shop`.`sessions` (
  `token` char(32) NOT NULL,
  `user_id` int NULL DEFAULT NULL,
  PRIMARY KEY (`token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

-- Index ix_user, built after the data
ALTER TABLE `shop`.`sessions` ADD INDEX `ix_user` (`user_id`);

-- Notes:
-- change shop.sessions index ix_user: USING HASH -> B-tree
--        The destination builds this index as a B-tree, the only kind its storage engine has; lookups by equality work the same.
-- change shop.sessions: ENGINE=MEMORY -> ENGINE=InnoDB
--        Cutover applies changes in transactions together with its checkpoint, which needs a transactional engine.
