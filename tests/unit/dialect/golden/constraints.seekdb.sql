-- Foreign keys with ON DELETE/ON UPDATE rules (one to a renamed table, one to a table not migrated), CHECK constraints (one NOT ENFORCED), from MySQL 8.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- Table crm.invoices -> crm.invoices
CREATE TABLE `crm`.`invoices` (
  `id` int NOT NULL,
  `customer_id` int NOT NULL,
  `region_id` int NULL DEFAULT NULL,
  `parent_id` int NULL DEFAULT NULL,
  `amount` decimal(12,2) NOT NULL DEFAULT 0.00,
  `status` varchar(10) NOT NULL DEFAULT 'open',
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Index fk_invoices_customer, built after the data
ALTER TABLE `crm`.`invoices` ADD INDEX `fk_invoices_customer` (`customer_id`);

-- Index fk_invoices_region, built after the data
ALTER TABLE `crm`.`invoices` ADD INDEX `fk_invoices_region` (`region_id`);

-- Index fk_invoices_parent, built after the data
ALTER TABLE `crm`.`invoices` ADD INDEX `fk_invoices_parent` (`parent_id`);

-- Foreign key fk_invoices_parent, added at switchover
ALTER TABLE `crm`.`invoices` ADD CONSTRAINT `fk_invoices_parent` FOREIGN KEY (`parent_id`) REFERENCES `crm`.`invoices` (`id`) ON DELETE SET NULL ON UPDATE NO ACTION;

-- Check chk_amount, added at switchover
ALTER TABLE `crm`.`invoices` ADD CONSTRAINT `chk_amount` CHECK (`amount` >= 0);

-- Check chk_status, added at switchover
ALTER TABLE `crm`.`invoices` ADD CONSTRAINT `chk_status` CHECK (`status` in (_utf8mb4'open',_utf8mb4'paid')) NOT ENFORCED;

-- Notes:
-- LOSSY  crm.invoices: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- LOSSY  crm.invoices.status: utf8mb4_0900_ai_ci -> utf8mb4_general_ci
--        The destination has no utf8mb4_0900_ai_ci collation; utf8mb4_general_ci compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.
-- change crm.invoices: ENGINE=InnoDB -> (none)
--        The destination has its own storage engine and no ENGINE option.
-- LOSSY  crm.invoices constraint fk_invoices_customer: FOREIGN KEY (customer_id) REFERENCES crm.customers (id) -> (left out)
--        It references crm_new.clients, in another database, and the destination cannot reference a table in another database. The destination does not enforce this reference.
-- LOSSY  crm.invoices constraint fk_invoices_region: FOREIGN KEY (region_id) REFERENCES crm.regions (id) -> (left out)
--        It references crm.regions, which is not migrated. The destination does not enforce this reference.
