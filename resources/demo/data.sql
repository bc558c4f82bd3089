-- Demo rows, generated with MariaDB's sequence engine (seq_1_to_N tables).

INSERT INTO shop.customers (email, name, country, created_at)
SELECT CONCAT('customer', seq, '@example.com'),
       ELT(1 + seq % 6, 'Ana Souza', 'Björn Åkesson', '王小明', 'Zoë Dupont', 'Łukasz Wójcik', 'Emre Yılmaz 🚀'),
       ELT(1 + seq % 5, 'DE', 'SE', 'CN', 'FR', 'PL'),
       TIMESTAMP('2024-01-01') + INTERVAL seq MINUTE
FROM seq_1_to_2000;

INSERT INTO shop.products (sku, title, price, attributes)
SELECT CONCAT('SKU-', LPAD(seq, 5, '0')), CONCAT('Product ', seq), ROUND(1 + (seq * 7919 % 50000) / 100, 2),
       JSON_OBJECT('colour', ELT(1 + seq % 3, 'red', 'green', 'blue'), 'weight_g', seq % 900)
FROM seq_1_to_500;

INSERT INTO shop.orders (customer_id, status, total, placed_at)
SELECT 1 + seq % 2000, ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'cancelled'), 0, TIMESTAMP('2024-06-01') + INTERVAL seq * 7 MINUTE
FROM seq_1_to_10000;

INSERT INTO shop.order_items (order_id, line, sku, quantity, unit_price)
SELECT o.seq, l.seq, CONCAT('SKU-', LPAD(1 + (o.seq * 31 + l.seq) % 500, 5, '0')), 1 + (o.seq + l.seq) % 4, 9.99 + l.seq
FROM seq_1_to_10000 o JOIN seq_1_to_3 l;

UPDATE shop.orders o JOIN (SELECT order_id, SUM(line_total) AS t FROM shop.order_items GROUP BY order_id) s ON s.order_id = o.id SET o.total = s.t;

INSERT INTO shop.page_views (customer_id, path, viewed_at)
SELECT IF(seq % 10 = 0, NULL, 1 + seq % 2000), CONCAT('/products/', 1 + seq % 500), TIMESTAMP('2024-06-01') + INTERVAL seq SECOND
FROM seq_1_to_20000;

INSERT INTO shop.tmp_import (line) SELECT CONCAT('raw line ', seq) FROM seq_1_to_100;

INSERT INTO crm.contacts (full_name, phone, notes, is_deleted)
SELECT CONCAT('Contact ', seq), IF(seq % 3 = 0, NULL, CONCAT('+49 30 ', 1000000 + seq)), IF(seq % 7 = 0, '', REPEAT('note ', seq % 20)), seq % 25 = 0
FROM seq_1_to_3000;

INSERT INTO crm.interactions (contact_id, channel, happened, summary)
SELECT 1 + seq % 3000, ELT(1 + seq % 3, 'email', 'phone', 'email,chat'), DATE('2024-01-01') + INTERVAL seq % 300 DAY, CONCAT('Talked about order ', seq)
FROM seq_1_to_8000;
