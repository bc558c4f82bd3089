-- Three databases for whole-project runs: keys of every kind, a foreign key, a CHECK, views over views,
-- a table without a key, and tables to merge; the same on every destination.
DROP DATABASE IF EXISTS rp_shop; DROP DATABASE IF EXISTS rp_crm; DROP DATABASE IF EXISTS rp_logs;
CREATE DATABASE rp_shop; CREATE DATABASE rp_crm; CREATE DATABASE rp_logs; USE rp_shop;
CREATE TABLE rp_shop.customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, country CHAR(2), UNIQUE KEY uk_email (email), KEY ix_country (country));
CREATE TABLE rp_shop.orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2) NOT NULL, status ENUM('new','paid') NOT NULL,
CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES rp_shop.customers (id), CONSTRAINT chk_total CHECK (total >= 0), KEY ix_customer (customer_id));
CREATE TABLE rp_shop.events (at DATETIME(6), what VARCHAR(50));
CREATE VIEW rp_shop.paid AS SELECT id, total FROM rp_shop.orders WHERE status = 'paid';
CREATE VIEW rp_shop.big_paid AS SELECT id FROM rp_shop.paid WHERE total > 500;
CREATE TABLE rp_crm.contacts (id INT PRIMARY KEY, name VARCHAR(50), phone VARCHAR(20), deleted TINYINT NOT NULL DEFAULT 0, notes TEXT);
CREATE TABLE rp_logs.log_2024 (id INT PRIMARY KEY, msg VARCHAR(100));
CREATE TABLE rp_logs.log_2025 (id INT PRIMARY KEY, msg VARCHAR(100));
INSERT INTO rp_shop.customers SELECT seq, CONCAT('c', seq, '@example.com'), ELT(1 + seq % 3, 'DE', 'FR', 'PL') FROM seq_1_to_3000;
INSERT INTO rp_shop.orders SELECT seq, 1 + seq % 3000, (seq * 37) % 1000, ELT(1 + seq % 2, 'new', 'paid') FROM seq_1_to_40000;
INSERT INTO rp_shop.events SELECT '2024-01-01' + INTERVAL seq SECOND, CONCAT('event ', seq % 10) FROM seq_1_to_5000;
INSERT INTO rp_crm.contacts SELECT seq, CONCAT('name ', seq), CONCAT('+49', seq), seq % 4 = 0, REPEAT('n', seq % 300) FROM seq_1_to_8000;
INSERT INTO rp_logs.log_2024 SELECT seq, 'old' FROM seq_1_to_1000;
INSERT INTO rp_logs.log_2025 SELECT seq + 1000, 'new' FROM seq_1_to_1000;
