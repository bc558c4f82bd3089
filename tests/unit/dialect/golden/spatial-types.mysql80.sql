-- Every geometry type, SRIDs 4326 and 0, and a SPATIAL index on a NOT NULL column, from MySQL 8.
-- From MySQL 8.0 or later to MySQL 8.0 or later.

-- Table geo.places -> geo.places
CREATE TABLE `geo`.`places` (
  `id` int NOT NULL,
  `location` point NOT NULL SRID 4326,
  `shape` geometry NULL SRID 0 DEFAULT NULL,
  `path` linestring NULL DEFAULT NULL,
  `area` polygon NULL DEFAULT NULL,
  `stops` multipoint NULL DEFAULT NULL,
  `routes` multilinestring NULL DEFAULT NULL,
  `areas` multipolygon NULL DEFAULT NULL,
  `mixed` geomcollection NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

-- Index sp_location, built after the data
ALTER TABLE `geo`.`places` ADD SPATIAL INDEX `sp_location` (`location`);

-- Notes: none
