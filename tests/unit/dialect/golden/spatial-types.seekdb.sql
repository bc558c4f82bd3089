-- Every geometry type, SRIDs 4326 and 0, and a SPATIAL index on a NOT NULL column, from MySQL 8.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- Table geo.places -> geo.places
CREATE TABLE `geo`.`places` (
  `id` int NOT NULL,
  `location` point NOT NULL,
  `shape` geometry NULL SRID 0 DEFAULT NULL,
  `path` linestring NULL DEFAULT NULL,
  `area` polygon NULL DEFAULT NULL,
  `stops` multipoint NULL DEFAULT NULL,
  `routes` multilinestring NULL DEFAULT NULL,
  `areas` multipolygon NULL DEFAULT NULL,
  `mixed` geometrycollection NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index sp_location, built after the data
ALTER TABLE `geo`.`places` ADD SPATIAL INDEX `sp_location` (`location`);

-- Notes:
-- LOSSY  geo.places: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  geo.places.location: SRID 4326 -> (no SRID)
--        The destination knows no spatial reference system but 0 (Cartesian): a value with SRID 4326 cannot be stored there, so the copy of a row holding one fails.
-- LOSSY  geo.places.path: (any SRID) -> SRID 0 only
--        The destination knows no spatial reference system but 0 (Cartesian): a value with another SRID (4326 for GPS coordinates) cannot be stored there, so the copy of a row holding one fails.
-- LOSSY  geo.places.area: (any SRID) -> SRID 0 only
--        The destination knows no spatial reference system but 0 (Cartesian): a value with another SRID (4326 for GPS coordinates) cannot be stored there, so the copy of a row holding one fails.
-- LOSSY  geo.places.stops: (any SRID) -> SRID 0 only
--        The destination knows no spatial reference system but 0 (Cartesian): a value with another SRID (4326 for GPS coordinates) cannot be stored there, so the copy of a row holding one fails.
-- LOSSY  geo.places.routes: (any SRID) -> SRID 0 only
--        The destination knows no spatial reference system but 0 (Cartesian): a value with another SRID (4326 for GPS coordinates) cannot be stored there, so the copy of a row holding one fails.
-- LOSSY  geo.places.areas: (any SRID) -> SRID 0 only
--        The destination knows no spatial reference system but 0 (Cartesian): a value with another SRID (4326 for GPS coordinates) cannot be stored there, so the copy of a row holding one fails.
-- change geo.places.mixed: geomcollection -> geometrycollection
--        The same type under the name the destination knows.
-- LOSSY  geo.places.mixed: (any SRID) -> SRID 0 only
--        The destination knows no spatial reference system but 0 (Cartesian): a value with another SRID (4326 for GPS coordinates) cannot be stored there, so the copy of a row holding one fails.
-- change geo.places: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
