/**
 * The demo's live write load: small transactions against the demo source's
 * shop and crm schemas, as an online shop would make them — new orders with
 * their items, status changes (which fire the audit trigger), cancelled
 * orders deleted, page views (a table without a key), customers and contacts
 * edited, contacts soft-deleted and restored (in and out of the project's row
 * filter) — plus, now and then, a column added to or dropped from
 * shop.customers. It keeps writing through connection errors, so a source
 * restart pauses it instead of ending it.
 */

import type { Connection } from 'mysql2/promise';

export interface DemoLoadOptions {
  /** Transactions per second (each a few row changes). */
  transactionsPerSecond?: number;
  /** Every this many milliseconds a DDL statement; 0 for none. */
  ddlEveryMs?: number;
}

const CUSTOMERS = 2000;
const PRODUCTS = 500;
const NAMES = ['Ana Souza', 'Björn Åkesson', '王小明', 'Zoë Dupont', 'Łukasz Wójcik', 'Emre Yılmaz 🚀'];
const STATUS_NEXT: Record<string, string> = { new: 'paid', paid: 'shipped' };

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const upTo = (n: number): number => 1 + Math.floor(Math.random() * n);
const sku = (): string => `SKU-${String(upTo(PRODUCTS)).padStart(5, '0')}`;

type Write = (c: Connection) => Promise<void>;

async function newOrder(c: Connection): Promise<void> {
  const [result] = await c.query('INSERT INTO shop.orders (customer_id, status, total, placed_at) VALUES (?, ?, 0, NOW())', [upTo(CUSTOMERS), 'new']);
  const orderId = (result as { insertId: number }).insertId;
  const lines = upTo(3);
  for (let line = 1; line <= lines; line++) {
    await c.query('INSERT INTO shop.order_items (order_id, line, sku, quantity, unit_price) VALUES (?, ?, ?, ?, ?)', [orderId, line, sku(), upTo(4), (upTo(9000) + 99) / 100]);
  }
  await c.query('UPDATE shop.orders SET total = (SELECT SUM(line_total) FROM shop.order_items WHERE order_id = ?) WHERE id = ?', [orderId, orderId]);
}

async function advanceOrder(c: Connection): Promise<void> {
  const [rows] = await c.query("SELECT id, status FROM shop.orders WHERE status IN ('new', 'paid') ORDER BY id DESC LIMIT 1 OFFSET ?", [Math.floor(Math.random() * 50)]);
  const order = (rows as { id: number; status: string }[])[0];
  if (order) await c.query('UPDATE shop.orders SET status = ? WHERE id = ?', [STATUS_NEXT[order.status], order.id]);
}

async function deleteCancelledOrder(c: Connection): Promise<void> {
  const [rows] = await c.query("SELECT id FROM shop.orders WHERE status = 'new' ORDER BY id DESC LIMIT 1 OFFSET ?", [Math.floor(Math.random() * 20)]);
  const order = (rows as { id: number }[])[0];
  if (!order) return;
  await c.query('DELETE FROM shop.order_items WHERE order_id = ?', [order.id]);
  await c.query('DELETE FROM shop.order_audit WHERE order_id = ?', [order.id]);
  await c.query('DELETE FROM shop.orders WHERE id = ?', [order.id]);
}

async function pageViews(c: Connection): Promise<void> {
  const views = Array.from({ length: upTo(5) }, () => [Math.random() < 0.1 ? null : upTo(CUSTOMERS), `/products/${upTo(PRODUCTS)}`]);
  await c.query('INSERT INTO shop.page_views (customer_id, path) VALUES ?', [views]);
  // Old views expire; the table has no key, so the destination finds them by their values.
  if (Math.random() < 0.2) await c.query('DELETE FROM shop.page_views ORDER BY viewed_at LIMIT 2');
}

async function editCustomer(c: Connection): Promise<void> {
  await c.query('UPDATE shop.customers SET name = ?, country = ? WHERE id = ?', [pick(NAMES), pick(['DE', 'SE', 'CN', 'FR', 'PL']), upTo(CUSTOMERS)]);
}

async function contacts(c: Connection): Promise<void> {
  const [rows] = await c.query('SELECT MAX(id) AS n FROM crm.contacts');
  const max = Number((rows as { n: number | null }[])[0].n ?? 0);
  const roll = Math.random();
  if (roll < 0.3 || max === 0) {
    await c.query('INSERT INTO crm.contacts (full_name, phone, notes) VALUES (?, ?, ?)', [pick(NAMES), `+49 30 ${upTo(9_999_999)}`, 'Added by the demo load']);
  } else if (roll < 0.7) {
    await c.query('UPDATE crm.contacts SET notes = CONCAT(?, NOW()) WHERE id = ?', ['Called at ', upTo(max)]);
  } else {
    // Soft deletes move a contact out of the project's row filter (is_deleted = 0), and back.
    await c.query('UPDATE crm.contacts SET is_deleted = 1 - is_deleted WHERE id = ?', [upTo(max)]);
  }
}

/** Relative weights: mostly orders and page views, like a shop's day. */
const WRITES: [Write, number][] = [
  [newOrder, 4],
  [advanceOrder, 3],
  [deleteCancelledOrder, 1],
  [pageViews, 3],
  [editCustomer, 1],
  [contacts, 2],
];
const TOTAL_WEIGHT = WRITES.reduce((sum, [, weight]) => sum + weight, 0);

function chooseWrite(): Write {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const [write, weight] of WRITES) {
    roll -= weight;
    if (roll < 0) return write;
  }
  return WRITES[0][0];
}

export class DemoLoad {
  private running = false;
  private loop: Promise<void> | null = null;
  private lastDdl = Date.now();
  transactions = 0;
  ddl = 0;
  errors = 0;

  constructor(
    private readonly open: () => Promise<Connection>,
    private readonly options: DemoLoadOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    const interval = 1000 / (this.options.transactionsPerSecond ?? 5);
    let connection: Connection | null = null;
    while (this.running) {
      const started = Date.now();
      try {
        connection ??= await this.open();
        await this.step(connection);
      } catch {
        // The source restarting or refusing: drop the connection and try again on the next tick.
        this.errors++;
        connection?.destroy();
        connection = null;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, interval - (Date.now() - started))));
    }
    await connection?.end().catch(() => undefined);
  }

  private async step(c: Connection): Promise<void> {
    const ddlEvery = this.options.ddlEveryMs ?? 0;
    if (ddlEvery > 0 && Date.now() - this.lastDdl >= ddlEvery) {
      this.lastDdl = Date.now();
      const [rows] = await c.query(
        "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'customers' AND COLUMN_NAME = 'loyalty_points'",
      );
      const present = Number((rows as { n: number }[])[0].n) > 0;
      await c.query(present ? 'ALTER TABLE shop.customers DROP COLUMN loyalty_points' : 'ALTER TABLE shop.customers ADD COLUMN loyalty_points INT NOT NULL DEFAULT 0');
      this.ddl++;
      return;
    }
    await c.beginTransaction();
    try {
      await chooseWrite()(c);
      await c.commit();
      this.transactions++;
    } catch (error) {
      await c.rollback().catch(() => undefined);
      throw error;
    }
  }
}
