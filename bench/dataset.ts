/**
 * The benchmark data set: four tables of the shapes migrations meet (an
 * integer key, a composite key, a table without a key, secondary and unique
 * indexes), generated on the source with MariaDB's sequence engine.
 */

import type { MariaDbServer } from '../tests/harness/mariadb';

export const BENCH_DB = 'bench';

/** Share of the rows per table. */
const SHARES = { customers: 0.1, orders: 0.4, order_items: 0.4, events: 0.1 };

export const SCHEMA = `
CREATE TABLE customers (
  id         INT NOT NULL PRIMARY KEY,
  email      VARCHAR(100) NOT NULL,
  name       VARCHAR(60) NOT NULL,
  country    CHAR(2) NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY uk_email (email),
  KEY ix_country (country)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE orders (
  id          BIGINT NOT NULL PRIMARY KEY,
  customer_id INT NOT NULL,
  status      ENUM('new','paid','shipped','cancelled') NOT NULL,
  total       DECIMAL(12,2) NOT NULL,
  note        VARCHAR(200) NULL,
  placed_at   DATETIME(3) NOT NULL,
  KEY ix_customer (customer_id),
  KEY ix_placed (placed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE order_items (
  order_id BIGINT NOT NULL,
  line     SMALLINT NOT NULL,
  sku      VARCHAR(32) NOT NULL,
  qty      INT NOT NULL,
  price    DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (order_id, line),
  KEY ix_sku (sku)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE events (
  at      DATETIME(6) NOT NULL,
  kind    VARCHAR(20) NOT NULL,
  payload VARCHAR(255) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
`;

export const TABLES = Object.keys(SHARES);

export function tableRows(total: number): Record<string, number> {
  return Object.fromEntries(Object.entries(SHARES).map(([table, share]) => [table, Math.max(1, Math.round(total * share))]));
}

export async function generate(server: MariaDbServer, total: number): Promise<Record<string, number>> {
  const rows = tableRows(total);
  const items = Math.ceil(rows.order_items / 4);
  await server.exec(`DROP DATABASE IF EXISTS ${BENCH_DB}; CREATE DATABASE ${BENCH_DB}; USE ${BENCH_DB}; ${SCHEMA}`);
  await server.exec(
    `SET SESSION unique_checks = 0;
     INSERT INTO customers SELECT seq, CONCAT('customer', seq, '@example.com'), CONCAT('Customer ', seq), ELT(1 + seq % 5, 'DE','FR','PL','SE','CN'),
       '2020-01-01' + INTERVAL seq MINUTE FROM seq_1_to_${rows.customers};
     INSERT INTO orders SELECT seq, 1 + seq % ${rows.customers}, ELT(1 + seq % 4, 'new','paid','shipped','cancelled'), (seq * 7919 % 100000) / 100,
       IF(seq % 3 = 0, NULL, CONCAT('note for order ', seq, ' ', REPEAT('x', seq % 80))), '2021-01-01' + INTERVAL seq SECOND FROM seq_1_to_${rows.orders};
     INSERT INTO order_items SELECT o.seq, l.seq, CONCAT('SKU-', (o.seq * 31 + l.seq) % 5000), 1 + (o.seq + l.seq) % 5, 1 + (o.seq * l.seq) % 500
       FROM seq_1_to_${items} o JOIN seq_1_to_4 l;
     INSERT INTO events SELECT '2022-01-01' + INTERVAL seq * 1000 MICROSECOND, ELT(1 + seq % 4, 'view','click','buy','leave'), REPEAT(CHAR(97 + seq % 26), 20 + seq % 200)
       FROM seq_1_to_${rows.events};
     ANALYZE TABLE customers, orders, order_items, events;`,
    BENCH_DB,
  );
  return { ...rows, order_items: items * 4 };
}
