-- Composite, prefix, descending, unique, FULLTEXT (one on a LONGTEXT), SPATIAL, functional, invisible and commented indexes, and a HASH index of a MEMORY table, from MySQL 8.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- Table shop.products -> shop.products
CREATE TABLE `shop`.`products` (
  `id` int NOT NULL,
  `sku` varchar(32) NOT NULL,
  `title` varchar(200) NULL DEFAULT NULL,
  `body` text NULL DEFAULT NULL,
  `specs` longtext NULL DEFAULT NULL,
  `created` datetime NOT NULL,
  `price` decimal(10,2) NULL DEFAULT NULL,
  `spot` point NOT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ux_sku, built after the data
ALTER TABLE `shop`.`products` ADD UNIQUE INDEX `ux_sku` (`sku`);

-- Index ix_title_created, built after the data
ALTER TABLE `shop`.`products` ADD INDEX `ix_title_created` (`title`(20), `created`) COMMENT 'for the shop''s listing';

-- Index ix_price, built after the data
ALTER TABLE `shop`.`products` ADD INDEX `ix_price` (`price`) INVISIBLE;

-- Index ix_lower_sku, built after the data
ALTER TABLE `shop`.`products` ADD INDEX `ix_lower_sku` ((lower(`sku`)));

-- Index ft_text, built after the data
ALTER TABLE `shop`.`products` ADD FULLTEXT INDEX `ft_text` (`title`, `body`);

-- Index sp_spot, built after the data
ALTER TABLE `shop`.`products` ADD SPATIAL INDEX `sp_spot` (`spot`);

-- Notes:
-- LOSSY  shop.products: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.products.sku: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.products.title: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.products.body: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.products.specs: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change shop.products.specs: longtext -> longtext, at most 536,870,910 bytes a value
--        The destination stores at most 536,870,910 bytes in one value of this type (the source up to 4 GB); a longer value is refused when copied.
-- LOSSY  shop.products.spot: SRID 4326 -> (no SRID)
--        The destination knows no spatial reference system but 0 (Cartesian): a value with SRID 4326 cannot be stored there, so the copy of a row holding one fails.
-- change shop.products index ix_title_created: INDEX ix_title_created (`title`(20), `created` DESC) -> ascending key parts
--        The destination builds ascending indexes only; it still serves descending scans, more slowly.
-- LOSSY  shop.products index ft_specs: FULLTEXT INDEX ft_specs (`specs`) -> (left out)
--        The destination builds FULLTEXT indexes on char, varchar, text columns only, not on `specs` longtext. Queries that used the index run without it.
-- change shop.products: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.

-- Table shop.sessions -> shop.sessions
CREATE TABLE `shop`.`sessions` (
  `token` char(32) NOT NULL,
  `user_id` int NULL DEFAULT NULL,
  PRIMARY KEY (`token`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index ix_user, built after the data
ALTER TABLE `shop`.`sessions` ADD INDEX `ix_user` (`user_id`);

-- Notes:
-- LOSSY  shop.sessions: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  shop.sessions.token: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change shop.sessions index ix_user: USING HASH -> B-tree
--        The destination builds this index as a B-tree, the only kind its storage engine has; lookups by equality work the same.
-- change shop.sessions: ENGINE=MEMORY -> (none)
--        The destination has its own storage engine and no ENGINE option.
