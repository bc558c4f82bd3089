-- The demo source: a small shop and a CRM, with what real schemas have:
-- primary keys and tables without, secondary indexes, foreign keys, a CHECK,
-- views, a trigger, generated and JSON columns, and utf8mb4 text.

CREATE DATABASE shop DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE crm DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE shop.customers (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email      VARCHAR(190) NOT NULL,
  name       VARCHAR(100) NOT NULL,
  country    CHAR(2) NOT NULL DEFAULT 'DE',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uk_customers_email (email),
  KEY ix_customers_country (country)
) ENGINE=InnoDB COMMENT='People who buy';

CREATE TABLE shop.products (
  sku        VARCHAR(32) NOT NULL PRIMARY KEY,
  title      VARCHAR(200) NOT NULL,
  price      DECIMAL(10,2) NOT NULL,
  attributes JSON NULL,
  CONSTRAINT chk_products_price CHECK (price >= 0)
) ENGINE=InnoDB;

CREATE TABLE shop.orders (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  status      ENUM('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
  total       DECIMAL(12,2) NOT NULL DEFAULT 0,
  placed_at   DATETIME NOT NULL,
  KEY ix_orders_placed (placed_at),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES shop.customers (id)
) ENGINE=InnoDB;

CREATE TABLE shop.order_items (
  order_id   BIGINT UNSIGNED NOT NULL,
  line       SMALLINT UNSIGNED NOT NULL,
  sku        VARCHAR(32) NOT NULL,
  quantity   INT NOT NULL,
  unit_price DECIMAL(10,2) NOT NULL,
  line_total DECIMAL(12,2) AS (quantity * unit_price) STORED,
  PRIMARY KEY (order_id, line),
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES shop.orders (id),
  CONSTRAINT fk_items_product FOREIGN KEY (sku) REFERENCES shop.products (sku)
) ENGINE=InnoDB;

-- No primary key and no unique key: a hidden key is added on the destination.
CREATE TABLE shop.page_views (
  customer_id INT UNSIGNED NULL,
  path        VARCHAR(255) NOT NULL,
  viewed_at   TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;

-- Scratch tables the demo project leaves out with an exclude rule.
CREATE TABLE shop.tmp_import (line TEXT);

CREATE TABLE shop.order_audit (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id   BIGINT UNSIGNED NOT NULL,
  old_status VARCHAR(16) NULL,
  new_status VARCHAR(16) NOT NULL,
  changed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB;

CREATE TRIGGER shop.trg_orders_status AFTER UPDATE ON shop.orders FOR EACH ROW
  INSERT INTO shop.order_audit (order_id, old_status, new_status) VALUES (NEW.id, OLD.status, NEW.status);

CREATE VIEW shop.paid_orders AS
  SELECT o.id, o.customer_id, o.total, o.placed_at FROM shop.orders o WHERE o.status IN ('paid', 'shipped');

CREATE VIEW shop.customer_revenue AS
  SELECT c.id AS customer_id, c.email, SUM(p.total) AS revenue
  FROM shop.customers c JOIN shop.paid_orders p ON p.customer_id = c.id GROUP BY c.id, c.email;

CREATE TABLE crm.contacts (
  id         INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  full_name  VARCHAR(120) NOT NULL,
  phone      VARCHAR(40) NULL,
  notes      TEXT NULL,
  is_deleted TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB;

CREATE TABLE crm.interactions (
  id         INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  contact_id INT NOT NULL,
  channel    SET('email','phone','chat') NOT NULL,
  happened   DATE NOT NULL,
  summary    VARCHAR(500) NULL,
  CONSTRAINT fk_interactions_contact FOREIGN KEY (contact_id) REFERENCES crm.contacts (id)
) ENGINE=InnoDB;
