-- A MySQL 8 view: columns qualified as `db`.`table`.`column`, renamed with the table and no alias added.
-- From MySQL 8.0 or later to seekdb (OceanBase kernel 4.3.5.3).

-- View hr.active_staff -> hr.active_staff
CREATE VIEW `hr`.`active_staff` AS select `hr`.`employees`.`id` AS `id`,`hr`.`employees`.`name` AS `name` from `hr`.`employees` where (`hr`.`employees`.`active` = 1);

-- Notes:
-- change hr.active_staff: DEFINER -> (the user that creates it)
--        The view is created without DEFINER: it belongs to the user Cutover connects as, and runs with that user's privileges.
