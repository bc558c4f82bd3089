-- Views listed before the views they read (ordered on output), renamed tables and views, a column qualified by a renamed table name (kept as an alias), a string holding a backtick and a dot, CHECK OPTION, SQL SECURITY INVOKER, ALGORITHM=MERGE and a table that is not migrated.
-- From MariaDB to OceanBase (MySQL tenant).

-- View shop.order_totals -> shop_v2.purchase_totals
CREATE VIEW `shop_v2`.`purchase_totals` AS select `o`.`customer_id` AS `customer_id`,sum(`o`.`amount`) AS `total`,'a`b.c' AS `marker` from (`shop_v2`.`purchases` `o` join `shop`.`customers` `c` on(`c`.`id` = `o`.`customer_id`)) group by `o`.`customer_id`;

-- Notes:
-- change shop.order_totals: DEFINER -> (the user that creates it)
--        The view is created without DEFINER: it belongs to the user Cutover connects as, and runs with that user's privileges.
-- change shop.order_totals: ALGORITHM=MERGE -> (default)
--        The destination documents no ALGORITHM for views; it chooses how to run the view itself.

-- View shop.big_spenders -> shop.big_spenders
CREATE VIEW `shop`.`big_spenders` AS select `order_totals`.`customer_id` AS `customer_id` from `shop_v2`.`purchase_totals` `order_totals` where `order_totals`.`total` > 1000;

-- Notes:
-- change shop.big_spenders: DEFINER -> (the user that creates it)
--        The view is created without DEFINER: it belongs to the user Cutover connects as.
-- change shop.big_spenders: SQL SECURITY INVOKER -> (default)
--        The destination documents no SQL SECURITY for views: check which privileges the view runs with there.
-- LOSSY  shop.big_spenders: WITH CASCADED CHECK OPTION -> (none)
--        The destination allows CHECK OPTION only on an updatable view of one table, and this view cannot be updated: writes through it are no longer checked against its condition.

-- View shop.priced -> shop.priced
CREATE VIEW `shop`.`priced` AS select `orders`.`id` AS `id`,`orders`.`amount` * `r`.`rate` AS `converted` from (`shop_v2`.`purchases` `orders` join `ref`.`currencies` `r`) where `orders`.`amount` > 0;

-- Notes:
-- change shop.priced: ref.currencies -> ref.currencies
--        The view reads ref.currencies, which is not migrated: the destination needs it under that name.
-- change shop.priced: DEFINER -> (the user that creates it)
--        The view is created without DEFINER: it belongs to the user Cutover connects as, and runs with that user's privileges.
-- LOSSY  shop.priced: WITH LOCAL CHECK OPTION -> (none)
--        The destination allows CHECK OPTION only on an updatable view of one table, and this view reads several tables: writes through it are no longer checked against its condition.
