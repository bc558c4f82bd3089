/**
 * DDL read from the binlog, planned for replay on the destination: which
 * statements are replayed, under which names, and converted how. Each table
 * below reads as a specification: the statement the source ran, then the
 * statement the destination gets (or why it gets none).
 */

import { describe, expect, it } from 'vitest';
import type { Flavour } from '../../../src-shared/model/flavour';
import type { QualifiedName } from '../../../src-shared/model/objects';
import { planReplayDdl, profileOf } from '../../../src-worker/dialect';
import type { ReplayDdl, ReplayDdlContext } from '../../../src-worker/dialect';

/**
 * The project of these tests, as its selection rules would say:
 *   shop.*=shop_new.*                  every table of `shop`, in `shop_new`
 *   shop.legacy=archive.legacy_v2      one table renamed and moved
 *   shop.part_*=shop_new.parts         a merge
 *   exclude shop.skip_*
 * and nothing of any other database.
 */
function target(name: QualifiedName): QualifiedName | null {
  if (name.database !== 'shop' || name.table.startsWith('skip_')) return null;
  if (name.table === 'legacy') return { database: 'archive', table: 'legacy_v2' };
  if (name.table.startsWith('part_')) return { database: 'shop_new', table: 'parts' };
  return { database: 'shop_new', table: name.table };
}

function context(more: { from?: Flavour; to?: Flavour; defaultDatabase?: string | null } = {}): ReplayDdlContext {
  return {
    defaultDatabase: more.defaultDatabase === undefined ? 'shop' : more.defaultDatabase,
    target,
    isMerged: (t) => t.database === 'shop_new' && t.table === 'parts',
    from: profileOf(more.from ?? 'mariadb'),
    to: profileOf(more.to ?? 'mariadb'),
  };
}

type Applied = Extract<ReplayDdl, { action: 'apply' }>;
type Ignored = Extract<ReplayDdl, { action: 'ignore' }>;

function applied(sql: string, ctx = context()): Applied {
  const plan = planReplayDdl(sql, ctx);
  if (plan.action !== 'apply') throw new Error(`Expected ${sql} to be applied, but: ${plan.reason}`);
  return plan;
}

function ignored(sql: string, ctx = context()): Ignored {
  const plan = planReplayDdl(sql, ctx);
  if (plan.action !== 'ignore') throw new Error(`Expected ${sql} to be ignored, but got: ${plan.statement}`);
  return plan;
}

const name = (qualified: string): QualifiedName => {
  const [database, table] = qualified.split('.');
  return { database, table };
};
const pair = (source: string, destination: string) => ({ source: name(source), target: name(destination) });

describe('planReplayDdl: every kind under its destination names', () => {
  // [source statement, kind, destination statement, tables touched (source -> destination)]
  const cases: [string, Applied['kind'], string, [string, string][]][] = [
    ['CREATE TABLE orders (id int PRIMARY KEY)', 'create_table', 'CREATE TABLE `shop_new`.`orders` (id int PRIMARY KEY)', [['shop.orders', 'shop_new.orders']]],
    ['CREATE TABLE IF NOT EXISTS `shop`.`legacy` (id int)', 'create_table', 'CREATE TABLE IF NOT EXISTS `archive`.`legacy_v2` (id int)', [['shop.legacy', 'archive.legacy_v2']]],
    ['CREATE TABLE orders_copy LIKE legacy', 'create_table', 'CREATE TABLE `shop_new`.`orders_copy` LIKE `archive`.`legacy_v2`', [['shop.orders_copy', 'shop_new.orders_copy'], ['shop.legacy', 'archive.legacy_v2']]],
    ['CREATE TABLE orders_copy (LIKE shop.orders)', 'create_table', 'CREATE TABLE `shop_new`.`orders_copy` (LIKE `shop_new`.`orders`)', [['shop.orders_copy', 'shop_new.orders_copy'], ['shop.orders', 'shop_new.orders']]],
    ['DROP TABLE legacy', 'drop_table', 'DROP TABLE `archive`.`legacy_v2`', [['shop.legacy', 'archive.legacy_v2']]],
    ['DROP TABLE IF EXISTS orders, shop.legacy', 'drop_table', 'DROP TABLE IF EXISTS `shop_new`.`orders`, `archive`.`legacy_v2`', [['shop.orders', 'shop_new.orders'], ['shop.legacy', 'archive.legacy_v2']]],
    ['RENAME TABLE orders TO orders_old', 'rename_table', 'RENAME TABLE `shop_new`.`orders` TO `shop_new`.`orders_old`', [['shop.orders', 'shop_new.orders'], ['shop.orders_old', 'shop_new.orders_old']]],
    [
      'RENAME TABLE orders TO orders_tmp, orders_new TO orders, orders_tmp TO orders_new',
      'rename_table',
      'RENAME TABLE `shop_new`.`orders` TO `shop_new`.`orders_tmp`, `shop_new`.`orders_new` TO `shop_new`.`orders`, `shop_new`.`orders_tmp` TO `shop_new`.`orders_new`',
      [['shop.orders', 'shop_new.orders'], ['shop.orders_tmp', 'shop_new.orders_tmp'], ['shop.orders_new', 'shop_new.orders_new'], ['shop.orders', 'shop_new.orders'], ['shop.orders_tmp', 'shop_new.orders_tmp'], ['shop.orders_new', 'shop_new.orders_new']],
    ],
    ['ALTER TABLE legacy ADD COLUMN note varchar(20) NOT NULL DEFAULT \'\' AFTER id', 'alter_table', "ALTER TABLE `archive`.`legacy_v2` ADD COLUMN note varchar(20) NOT NULL DEFAULT '' AFTER id", [['shop.legacy', 'archive.legacy_v2']]],
    [
      'ALTER TABLE orders DROP COLUMN a, MODIFY b bigint, CHANGE c d int, RENAME COLUMN e TO f, ADD INDEX ix (b), ADD UNIQUE KEY ux (d), DROP INDEX old, DROP KEY older, ALTER COLUMN g SET DEFAULT 1, ALTER h DROP DEFAULT',
      'alter_table',
      'ALTER TABLE `shop_new`.`orders` DROP COLUMN a, MODIFY b bigint, CHANGE c d int, RENAME COLUMN e TO f, ADD INDEX ix (b), ADD UNIQUE KEY ux (d), DROP INDEX old, DROP KEY older, ALTER COLUMN g SET DEFAULT 1, ALTER h DROP DEFAULT',
      [['shop.orders', 'shop_new.orders']],
    ],
    ["ALTER TABLE orders COMMENT = 'the orders'", 'alter_table', "ALTER TABLE `shop_new`.`orders` COMMENT = 'the orders'", [['shop.orders', 'shop_new.orders']]],
    ['ALTER TABLE orders RENAME TO legacy', 'alter_table', 'ALTER TABLE `shop_new`.`orders` RENAME TO `archive`.`legacy_v2`', [['shop.orders', 'shop_new.orders'], ['shop.legacy', 'archive.legacy_v2']]],
    ['ALTER TABLE orders ADD x int, RENAME AS shop.orders2', 'alter_table', 'ALTER TABLE `shop_new`.`orders` ADD x int, RENAME AS `shop_new`.`orders2`', [['shop.orders', 'shop_new.orders'], ['shop.orders2', 'shop_new.orders2']]],
    ['ALTER TABLE orders DROP PARTITION p1, p2', 'alter_table', 'ALTER TABLE `shop_new`.`orders` DROP PARTITION p1, p2', [['shop.orders', 'shop_new.orders']]],
    ['TRUNCATE TABLE legacy', 'truncate', 'TRUNCATE TABLE `archive`.`legacy_v2`', [['shop.legacy', 'archive.legacy_v2']]],
    ['truncate shop.orders', 'truncate', 'truncate `shop_new`.`orders`', [['shop.orders', 'shop_new.orders']]],
    ['CREATE INDEX ix_note ON legacy (note(10))', 'create_index', 'CREATE INDEX ix_note ON `archive`.`legacy_v2` (note(10))', [['shop.legacy', 'archive.legacy_v2']]],
    ['CREATE UNIQUE INDEX ux USING BTREE ON `shop`.orders (a, b DESC) COMMENT \'x\'', 'create_index', "CREATE UNIQUE INDEX ux USING BTREE ON `shop_new`.`orders` (a, b DESC) COMMENT 'x'", [['shop.orders', 'shop_new.orders']]],
    ['DROP INDEX ix_note ON legacy', 'drop_index', 'DROP INDEX ix_note ON `archive`.`legacy_v2`', [['shop.legacy', 'archive.legacy_v2']]],
    ['DROP INDEX `PRIMARY` ON orders ALGORITHM=INPLACE LOCK=NONE', 'drop_index', 'DROP INDEX `PRIMARY` ON `shop_new`.`orders` ALGORITHM=INPLACE LOCK=NONE', [['shop.orders', 'shop_new.orders']]],
  ];

  for (const [sql, kind, statement, tables] of cases) {
    it(sql, () => {
      expect(applied(sql)).toEqual({ action: 'apply', kind, statement, tables: tables.map(([s, t]) => pair(s, t)), notes: [] });
    });
  }

  it('resolves unqualified names in the default database of the session, not of the other names', () => {
    const plan = applied('RENAME TABLE shop.orders TO orders_old', context({ defaultDatabase: 'shop' }));
    expect(plan.statement).toBe('RENAME TABLE `shop_new`.`orders` TO `shop_new`.`orders_old`');
    expect(ignored('RENAME TABLE shop.orders TO orders_old', context({ defaultDatabase: 'elsewhere' })).reason).toBe(
      'shop.orders is renamed to elsewhere.orders_old, which the project does not migrate: the destination table shop_new.orders was left in place under its name and gets no more changes. Drop or rename it on the destination by hand if it should follow.',
    );
  });

  it('ignores an unqualified name when the statement ran without a default database', () => {
    expect(ignored('DROP TABLE orders', context({ defaultDatabase: null }))).toEqual({
      action: 'ignore',
      kind: 'drop_table',
      reason: '`orders` names no database and the statement ran without a default database, so the table it means is unknown.',
    });
    expect(applied('DROP TABLE shop.orders', context({ defaultDatabase: null })).statement).toBe('DROP TABLE `shop_new`.`orders`');
  });
});

describe('planReplayDdl: tables the project does not migrate', () => {
  it('ignores a statement on tables the project does not migrate', () => {
    expect(ignored('ALTER TABLE other.t ADD c int')).toEqual({ action: 'ignore', kind: 'alter_table', reason: "Not a migrated table: other.t is not among the project's objects." });
    expect(ignored('DROP TABLE skip_a, other.b').reason).toBe("Not a migrated table: shop.skip_a, other.b are not among the project's objects.");
    expect(ignored('CREATE TABLE skip_new (id int)').kind).toBe('create_table');
    expect(ignored('TRUNCATE skip_a').kind).toBe('truncate');
    expect(ignored('CREATE INDEX i ON skip_a (c)').kind).toBe('create_index');
    expect(ignored('DROP INDEX i ON skip_a').kind).toBe('drop_index');
    expect(ignored('RENAME TABLE skip_a TO skip_b').reason).toBe("Not a migrated table: shop.skip_a, shop.skip_b are not among the project's objects.");
  });

  it('drops only the migrated tables of a DROP TABLE with several', () => {
    expect(applied('DROP TABLE skip_a, orders, other.t, legacy, skip_b')).toEqual({
      action: 'apply',
      kind: 'drop_table',
      statement: 'DROP TABLE `shop_new`.`orders`, `archive`.`legacy_v2`',
      tables: [pair('shop.orders', 'shop_new.orders'), pair('shop.legacy', 'archive.legacy_v2')],
      notes: ['shop.skip_a is not migrated: left out of the DROP.', 'other.t is not migrated: left out of the DROP.', 'shop.skip_b is not migrated: left out of the DROP.'],
    });
  });

  it('leaves out the renames where neither name is migrated', () => {
    expect(applied('RENAME TABLE other.a TO other.b, orders TO orders_old')).toEqual({
      action: 'apply',
      kind: 'rename_table',
      statement: 'RENAME TABLE `shop_new`.`orders` TO `shop_new`.`orders_old`',
      tables: [pair('shop.orders', 'shop_new.orders'), pair('shop.orders_old', 'shop_new.orders_old')],
      notes: ['Neither other.a nor other.b is migrated: that rename is left out.'],
    });
  });

  it('does not rename a migrated table to a name the project does not migrate: the destination table stays in place', () => {
    const reason =
      'shop.orders is renamed to shop.skip_orders, which the project does not migrate: the destination table shop_new.orders was left in place under its name and gets no more changes. Drop or rename it on the destination by hand if it should follow.';
    expect(ignored('RENAME TABLE orders TO skip_orders')).toEqual({ action: 'ignore', kind: 'rename_table', reason });
    expect(ignored('ALTER TABLE orders RENAME TO skip_orders')).toEqual({ action: 'ignore', kind: 'alter_table', reason });
    // One such pair stops the whole statement: its renames happen together on the source.
    expect(ignored('RENAME TABLE legacy TO legacy_old, orders TO skip_orders').reason).toBe(reason);
  });

  it('does not rename a table the project does not migrate to a migrated name: its rows were never copied', () => {
    expect(ignored('RENAME TABLE skip_orders TO orders')).toEqual({
      action: 'ignore',
      kind: 'rename_table',
      reason:
        'shop.skip_orders, which the project does not migrate, is renamed to shop.orders, which it does: the rows of that table were never copied, so nothing is created or renamed on the destination. Migrate that table with a project of its own if the destination needs it.',
    });
  });

  it('does not create a table LIKE one the project does not migrate', () => {
    expect(ignored('CREATE TABLE orders_copy LIKE skip_a').reason).toBe('shop.orders_copy is created LIKE shop.skip_a, which the project does not migrate: create shop_new.orders_copy on the destination by hand.');
  });
});

describe('planReplayDdl: merged tables', () => {
  const reason = 'shop_new.parts is fed by several source tables (a merge): DDL on it is not replayed, since it would change the rows and structure the other sources need. Change it by hand if needed.';

  for (const sql of [
    'ALTER TABLE part_1 ADD c int',
    'TRUNCATE part_1',
    'DROP TABLE part_1',
    'CREATE INDEX i ON part_2 (c)',
    'DROP INDEX i ON part_2',
    'CREATE TABLE part_3 (id int)',
    'RENAME TABLE part_1 TO part_old',
    'RENAME TABLE orders TO part_9',
    'ALTER TABLE orders RENAME TO part_9',
    'CREATE TABLE orders_copy LIKE part_1',
  ]) {
    it(`ignores ${sql}`, () => expect(ignored(sql).reason).toBe(reason));
  }

  it('drops the other tables of a DROP TABLE that names a merged one', () => {
    expect(applied('DROP TABLE part_1, orders')).toEqual({
      action: 'apply',
      kind: 'drop_table',
      statement: 'DROP TABLE `shop_new`.`orders`',
      tables: [pair('shop.orders', 'shop_new.orders')],
      notes: [`shop.part_1 is left out of the DROP: ${reason}`],
    });
  });
});

describe('planReplayDdl: FOREIGN KEY and CHECK constraints wait for the switchover', () => {
  const held = 'the migration adds FOREIGN KEY and CHECK constraints on the destination at switchover.';
  const notYet = 'the destination has no FOREIGN KEY or CHECK constraints before switchover.';

  it('leaves them out of CREATE TABLE, as table elements and as column attributes', () => {
    const sql = [
      'CREATE TABLE orders (',
      '  id int PRIMARY KEY,',
      '  customer int NOT NULL REFERENCES customers (id) ON DELETE CASCADE ON UPDATE SET NULL,',
      "  qty int CONSTRAINT qty_positive CHECK (qty > 0) NOT NULL COMMENT 'CHECK (qty > 0)',",
      '  CONSTRAINT fk_customer FOREIGN KEY (customer) REFERENCES customers (id),',
      '  CHECK (qty < 1000),',
      '  CONSTRAINT uq UNIQUE (customer, qty),',
      '  KEY ix_customer (customer)',
      ')',
    ].join('\n');
    expect(applied(sql)).toEqual({
      action: 'apply',
      kind: 'create_table',
      statement: [
        'CREATE TABLE `shop_new`.`orders` (',
        '  id int PRIMARY KEY,',
        '  customer int NOT NULL,',
        "  qty int NOT NULL COMMENT 'CHECK (qty > 0)',",
        '  CONSTRAINT uq UNIQUE (customer, qty),',
        '  KEY ix_customer (customer)',
        ')',
      ].join('\n'),
      tables: [pair('shop.orders', 'shop_new.orders')],
      notes: [
        `shop.orders.customer: Left out REFERENCES customers (id) ON DELETE CASCADE ON UPDATE SET NULL: ${held}`,
        `shop.orders.qty: Left out CONSTRAINT qty_positive CHECK (qty > 0): ${held}`,
        `shop.orders: Left out CONSTRAINT fk_customer FOREIGN KEY (customer) REFERENCES customers (id): ${held}`,
        `shop.orders: Left out CHECK (qty < 1000): ${held}`,
      ],
    });
  });

  it('leaves a constraint at the head of the list out with the comma after it', () => {
    expect(applied('CREATE TABLE t (CONSTRAINT c CHECK (a > 0), a int)').statement).toBe('CREATE TABLE `shop_new`.`t` (a int)');
  });

  it('leaves their ADD, DROP and ALTER out of ALTER TABLE and keeps the rest', () => {
    const sql =
      'ALTER TABLE legacy ADD CONSTRAINT fk_a FOREIGN KEY (a) REFERENCES other.t (id), ADD c int, ADD FOREIGN KEY (b) REFERENCES t2 (id), ADD CONSTRAINT CHECK (c > 0), ADD CHECK (c < 9), ' +
      'DROP FOREIGN KEY fk_old, DROP CHECK chk_old, ALTER CHECK chk ENFORCED, ADD CONSTRAINT pk PRIMARY KEY (c), DROP CONSTRAINT maybe_unique';
    expect(applied(sql)).toEqual({
      action: 'apply',
      kind: 'alter_table',
      statement: 'ALTER TABLE `archive`.`legacy_v2` ADD c int, ADD CONSTRAINT pk PRIMARY KEY (c)',
      tables: [pair('shop.legacy', 'archive.legacy_v2')],
      notes: [
        `shop.legacy: Left out ADD CONSTRAINT fk_a FOREIGN KEY (a) REFERENCES other.t (id): ${held}`,
        `shop.legacy: Left out ADD FOREIGN KEY (b) REFERENCES t2 (id): ${held}`,
        `shop.legacy: Left out ADD CONSTRAINT CHECK (c > 0): ${held}`,
        `shop.legacy: Left out ADD CHECK (c < 9): ${held}`,
        `shop.legacy: Left out DROP FOREIGN KEY fk_old: ${notYet}`,
        `shop.legacy: Left out DROP CHECK chk_old: ${notYet}`,
        `shop.legacy: Left out ALTER CHECK chk ENFORCED: ${notYet}`,
        `shop.legacy: Left out DROP CONSTRAINT maybe_unique: ${notYet} If it names a UNIQUE key, drop that key on the destination by hand.`,
      ],
    });
  });

  it('leaves a column CHECK out of ALTER TABLE ADD, MODIFY and CHANGE', () => {
    expect(applied('ALTER TABLE orders ADD (a int CHECK (a > 0), b int, CONSTRAINT c CHECK (b > a)), MODIFY x int CHECK (x <> 0) NOT NULL, CHANGE y z int REFERENCES t (id)').statement).toBe(
      'ALTER TABLE `shop_new`.`orders` ADD (a int, b int), MODIFY x int NOT NULL, CHANGE y z int',
    );
    expect(applied('ALTER TABLE orders ADD COLUMN IF NOT EXISTS n int CONSTRAINT n_ok CHECK (n > 0) NOT ENFORCED DEFAULT 1').statement).toBe(
      'ALTER TABLE `shop_new`.`orders` ADD COLUMN IF NOT EXISTS n int DEFAULT 1',
    );
  });

  it('replays nothing when only constraints change', () => {
    for (const sql of ['ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES t (id)', 'ALTER TABLE orders DROP FOREIGN KEY fk, ALGORITHM=INPLACE', 'alter table orders drop check chk']) {
      expect(ignored(sql)).toEqual({ action: 'ignore', kind: 'alter_table', reason: `Nothing left to replay on the destination. FOREIGN KEY and CHECK changes only: ${held}` });
    }
  });
});

describe('planReplayDdl: conversion for the destination flavour', () => {
  const toOceanBase = context({ from: 'mariadb', to: 'oceanbase-mysql' });
  const toMysql57 = context({ from: 'mariadb', to: 'mysql57' });
  const fromMysql8 = context({ from: 'mysql80', to: 'oceanbase-mysql' });
  const noUca1400 = (collation: string, replacement: string) =>
    `The destination has no ${collation} collation; ${replacement} compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.`;
  const utf8Fold = 'The destination treats utf8 and utf8mb3 as utf8mb4: every value fits, and a character may take 4 bytes instead of 3.';
  const noEngine = 'The destination has its own storage engine and no ENGINE option.';
  const transactional = 'Cutover applies changes in transactions together with its checkpoint, which needs a transactional engine.';

  it('converts table and column character sets and collations of CREATE TABLE (MariaDB to OceanBase)', () => {
    const sql =
      "CREATE TABLE orders (id int, name varchar(20) CHARACTER SET utf8 COLLATE utf8_uca1400_ai_ci, code char(2) CHARSET latin2, note text COLLATE utf8mb4_uca1400_as_cs, plain varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci COMMENT='utf8_uca1400_ai_ci'";
    expect(applied(sql, toOceanBase)).toEqual({
      action: 'apply',
      kind: 'create_table',
      statement:
        "CREATE TABLE `shop_new`.`orders` (id int, name varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci, code char(2) CHARSET utf8mb4, note text COLLATE utf8mb4_bin, plain varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='utf8_uca1400_ai_ci'",
      tables: [pair('shop.orders', 'shop_new.orders')],
      notes: [
        `shop.orders.name: utf8mb3 utf8mb3_uca1400_ai_ci -> utf8mb4 utf8mb4_uca1400_ai_ci. ${utf8Fold}`,
        `shop.orders.name: utf8mb4_uca1400_ai_ci -> utf8mb4_unicode_ci (lossy). ${noUca1400('utf8mb4_uca1400_ai_ci', 'utf8mb4_unicode_ci')}`,
        'shop.orders.code: latin2 latin2_bin -> utf8mb4 utf8mb4_bin. The destination has no latin2 character set; utf8mb4 holds every character of it, stored in UTF-8.',
        `shop.orders.note: utf8mb4_uca1400_as_cs -> utf8mb4_bin (lossy). ${noUca1400('utf8mb4_uca1400_as_cs', 'utf8mb4_bin')}`,
        `shop.orders: ENGINE=InnoDB -> (none). ${noEngine}`,
        `shop.orders: utf8mb4_uca1400_ai_ci -> utf8mb4_unicode_ci (lossy). ${noUca1400('utf8mb4_uca1400_ai_ci', 'utf8mb4_unicode_ci')}`,
      ],
    });
  });

  it('keeps what the destination has as written (MariaDB to MySQL 5.7 keeps utf8 and latin2)', () => {
    const plan = applied('CREATE TABLE t (a varchar(5) CHARACTER SET utf8, b varchar(5) CHARSET latin2 COLLATE latin2_czech_cs) DEFAULT CHARSET=utf8 COLLATE=utf8_uca1400_ai_ci', toMysql57);
    // The replacement keeps the source's `utf8` spelling, which MySQL 5.7 knows (it has no utf8mb3_ collation names).
    expect(plan.statement).toBe('CREATE TABLE `shop_new`.`t` (a varchar(5) CHARACTER SET utf8, b varchar(5) CHARSET latin2 COLLATE latin2_czech_cs) DEFAULT CHARSET=utf8 COLLATE=utf8_general_ci');
    expect(plan.notes).toEqual([`shop.t: utf8mb3_uca1400_ai_ci -> utf8mb3_general_ci (lossy). ${noUca1400('utf8mb3_uca1400_ai_ci', 'utf8mb3_general_ci')}`]);
  });

  it("converts MySQL 8's UCA 9.0.0 collations for OceanBase", () => {
    const plan = applied('CREATE TABLE t (a varchar(5)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci', fromMysql8);
    expect(plan.statement).toBe('CREATE TABLE `shop_new`.`t` (a varchar(5)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci');
  });

  it('converts the character sets of ALTER TABLE: columns, table options and CONVERT TO', () => {
    const sql =
      'ALTER TABLE orders ADD COLUMN a varchar(5) COLLATE utf8mb4_uca1400_ai_ci FIRST, MODIFY b text CHARACTER SET utf8, CHANGE c d char(1) CHARACTER SET latin1 COLLATE latin1_bin, DEFAULT CHARSET=utf8mb3, COLLATE utf8mb3_uca1400_as_ci';
    expect(applied(sql, toOceanBase).statement).toBe(
      'ALTER TABLE `shop_new`.`orders` ADD COLUMN a varchar(5) COLLATE utf8mb4_unicode_ci FIRST, MODIFY b text CHARACTER SET utf8mb4, CHANGE c d char(1) CHARACTER SET latin1 COLLATE latin1_bin, DEFAULT CHARSET=utf8mb4, COLLATE utf8mb4_unicode_ci',
    );
    const convert = applied('ALTER TABLE orders CONVERT TO CHARACTER SET utf8 COLLATE utf8_general_ci', toOceanBase);
    expect(convert.statement).toBe('ALTER TABLE `shop_new`.`orders` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci');
    expect(convert.notes).toEqual([`shop.orders: utf8mb3 utf8mb3_general_ci -> utf8mb4 utf8mb4_general_ci. ${utf8Fold}`]);
  });

  it('keeps only the storage engines the destination has', () => {
    const toMysql8 = context({ from: 'mariadb', to: 'mysql80' });
    const plan = applied('CREATE TABLE t (a int) ENGINE=Aria ROW_FORMAT=PAGE, DEFAULT CHARSET=latin1', toMysql8);
    expect(plan.statement).toBe('CREATE TABLE `shop_new`.`t` (a int) ENGINE=InnoDB DEFAULT CHARSET=latin1');
    expect(plan.notes).toEqual([`shop.t: ENGINE=Aria -> ENGINE=InnoDB. ${transactional}`, 'shop.t: ROW_FORMAT=PAGE -> (default). The destination has no such row format; it stores the rows its own way.']);
    expect(applied('CREATE TABLE t (a int) ENGINE = InnoDB', toMysql8)).toMatchObject({ statement: 'CREATE TABLE `shop_new`.`t` (a int) ENGINE = InnoDB', notes: [] });
    expect(applied('CREATE TABLE t (a int) engine=myisam, comment=\'x\'', toOceanBase).statement).toBe("CREATE TABLE `shop_new`.`t` (a int) comment='x'");
    expect(applied('CREATE TABLE t (a int) COMMENT \'x\', ENGINE MyISAM', toOceanBase).statement).toBe("CREATE TABLE `shop_new`.`t` (a int) COMMENT 'x'");
    expect(applied('ALTER TABLE t ENGINE=MyISAM', toMysql8).statement).toBe('ALTER TABLE `shop_new`.`t` ENGINE=InnoDB');
    expect(applied('ALTER TABLE t ADD c int, ENGINE=MyISAM', toOceanBase).statement).toBe('ALTER TABLE `shop_new`.`t` ADD c int');
    expect(applied("ALTER TABLE t ENGINE=MyISAM COMMENT 'x'", toOceanBase).statement).toBe("ALTER TABLE `shop_new`.`t` COMMENT 'x'");
    expect(applied('CREATE TABLE t (a int) ENGINE=MyISAM, ROW_FORMAT=FIXED', toOceanBase).statement).toBe('CREATE TABLE `shop_new`.`t` (a int)');
    expect(applied("CREATE TABLE t (a int) COMMENT 'x', ENGINE=MyISAM, ROW_FORMAT=FIXED", toOceanBase).statement).toBe("CREATE TABLE `shop_new`.`t` (a int) COMMENT 'x'");
    expect(applied("CREATE TABLE t (a int) ENGINE=MyISAM, COMMENT 'x', ROW_FORMAT=FIXED", toOceanBase).statement).toBe("CREATE TABLE `shop_new`.`t` (a int) COMMENT 'x'");
    expect(applied('ALTER TABLE t ENGINE=MyISAM PARTITION BY HASH (a) PARTITIONS 2', toOceanBase).statement).toBe('ALTER TABLE `shop_new`.`t` PARTITION BY HASH (a) PARTITIONS 2');
  });

  it('converts the engines of partition definitions', () => {
    const sql = 'CREATE TABLE t (id int) ENGINE=InnoDB PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB, PARTITION p1 VALUES LESS THAN MAXVALUE STORAGE ENGINE = InnoDB)';
    const plan = applied(sql, toOceanBase);
    expect(plan.statement).toBe('CREATE TABLE `shop_new`.`t` (id int) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE)');
    expect(plan.notes).toEqual([`shop.t: ENGINE=InnoDB -> (none). ${noEngine}`]);
  });

  it('replays nothing when the conversion leaves nothing to change', () => {
    expect(ignored('ALTER TABLE orders ENGINE=InnoDB', toOceanBase)).toEqual({
      action: 'ignore',
      kind: 'alter_table',
      reason: `Nothing left to replay on the destination. shop.orders: ENGINE=InnoDB -> (none). ${noEngine}`,
    });
    // Without conversion, a table rebuild is replayed as written.
    expect(applied('ALTER TABLE orders ENGINE=InnoDB').statement).toBe('ALTER TABLE `shop_new`.`orders` ENGINE=InnoDB');
    expect(applied('ALTER TABLE orders FORCE, ALGORITHM=COPY', toOceanBase).statement).toBe('ALTER TABLE `shop_new`.`orders` FORCE, ALGORITHM=COPY');
  });
});

describe('planReplayDdl: reading the statement as the client wrote it', () => {
  it('handles backticked names with escaped backticks, dots and spaces', () => {
    const plan = applied('ALTER TABLE `we``ird.na me` ADD `col``umn` int');
    expect(plan.statement).toBe('ALTER TABLE `shop_new`.`we``ird.na me` ADD `col``umn` int');
    expect(plan.tables).toEqual([{ source: { database: 'shop', table: 'we`ird.na me' }, target: { database: 'shop_new', table: 'we`ird.na me' } }]);
    expect(applied('DROP TABLE `shop` . `orders`').statement).toBe('DROP TABLE `shop_new`.`orders`');
  });

  it('keeps strings holding keywords, commas, semicolons and quotes as they are', () => {
    const sql = `ALTER TABLE orders ADD note varchar(9) DEFAULT 'a, DROP TABLE x; -- ''b''' COMMENT "CHECK (1); \\" FOREIGN KEY", ADD CONSTRAINT c CHECK (note <> ';')`;
    expect(applied(sql).statement).toBe(`ALTER TABLE \`shop_new\`.\`orders\` ADD note varchar(9) DEFAULT 'a, DROP TABLE x; -- ''b''' COMMENT "CHECK (1); \\" FOREIGN KEY"`);
  });

  it('keeps comments, drops a final semicolon and reads keywords in any case', () => {
    const sql = "/* by the app */ alter TABLE -- the table\n orders # comment ) ,\n Add  COLUMN x INT /* , ADD FOREIGN KEY (x) REFERENCES t (id) */ ;  ";
    expect(applied(sql).statement).toBe('/* by the app */ alter TABLE -- the table\n `shop_new`.`orders` # comment ) ,\n Add  COLUMN x INT /* , ADD FOREIGN KEY (x) REFERENCES t (id) */');
    expect(applied('DROP TABLE `orders` /* generated by server */').statement).toBe('DROP TABLE `shop_new`.`orders` /* generated by server */');
    expect(applied('Create Table orders (a int);').statement).toBe('Create Table `shop_new`.`orders` (a int)');
  });

  it('reads `--` as a comment only when whitespace follows it', () => {
    expect(applied('ALTER TABLE orders ALTER a SET DEFAULT 1--1').statement).toBe('ALTER TABLE `shop_new`.`orders` ALTER a SET DEFAULT 1--1');
  });

  it('keeps the content of executable comments as plain SQL', () => {
    const toOceanBase = context({ to: 'oceanbase-mysql' });
    expect(applied('CREATE TABLE t (id int) /*!50100 PARTITION BY HASH (id) PARTITIONS 4 */', toOceanBase).statement).toBe(
      'CREATE TABLE `shop_new`.`t` (id int)  PARTITION BY HASH (id) PARTITIONS 4',
    );
    expect(applied('/*!40000 ALTER TABLE orders DISABLE KEYS */;').statement).toBe('ALTER TABLE `shop_new`.`orders` DISABLE KEYS');
    expect(applied('CREATE TABLE t (id int)/*!ENGINE=MyISAM*/', toOceanBase).statement).toBe('CREATE TABLE `shop_new`.`t` (id int)');
    expect(applied('ALTER TABLE t ADD c int /*M!100301 INVISIBLE*/').statement).toBe('ALTER TABLE `shop_new`.`t` ADD c int  INVISIBLE');
    expect(applied("ALTER TABLE t COMMENT '/*!50100 x */'").statement).toBe("ALTER TABLE `shop_new`.`t` COMMENT '/*!50100 x */'");
  });
});

describe('planReplayDdl: statements that are not replayed', () => {
  it('ignores temporary tables', () => {
    const reason = 'Temporary tables are not migrated: they live only in the session that created them.';
    expect(ignored('CREATE TEMPORARY TABLE orders (id int)')).toEqual({ action: 'ignore', kind: 'create_table', reason });
    expect(ignored('DROP TEMPORARY TABLE IF EXISTS orders')).toEqual({ action: 'ignore', kind: 'drop_table', reason });
  });

  it('ignores CREATE TABLE ... SELECT', () => {
    for (const sql of ['CREATE TABLE orders_copy AS SELECT * FROM orders', 'CREATE TABLE orders_copy (id int) SELECT id FROM orders', 'CREATE TABLE orders_copy (SELECT 1 AS id)']) {
      expect(ignored(sql)).toEqual({
        action: 'ignore',
        kind: 'create_table',
        reason: 'CREATE TABLE ... SELECT is not replayed: create shop_new.orders_copy on the destination by hand with the columns shop.orders_copy has on the source.',
      });
    }
  });

  it("ignores MariaDB's CREATE OR REPLACE", () => {
    expect(ignored('CREATE OR REPLACE TABLE orders (id int)').reason).toMatch(/^MariaDB's CREATE OR REPLACE is not replayed/);
    expect(ignored('CREATE OR REPLACE INDEX i ON orders (id)').kind).toBe('create_index');
  });

  it('ignores partition moves between tables and tablespace files', () => {
    expect(ignored('ALTER TABLE orders EXCHANGE PARTITION p0 WITH TABLE orders_archive').reason).toMatch(/^Moving a partition to or from another table/);
    expect(ignored('ALTER TABLE orders DISCARD TABLESPACE').reason).toBe("DISCARD TABLESPACE works on the source server's data files: it is not replayed.");
  });

  const others: [string, string][] = [
    ['CREATE DATABASE shop2', 'CREATE DATABASE'],
    ['DROP SCHEMA IF EXISTS shop2', 'DROP SCHEMA'],
    ['CREATE DEFINER=`root`@`%` SQL SECURITY INVOKER VIEW v AS SELECT 1', 'CREATE VIEW'],
    ['CREATE OR REPLACE VIEW v AS SELECT * FROM orders', 'CREATE VIEW'],
    ['CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN SELECT 1; SELECT 2; END', 'CREATE PROCEDURE'],
    ['CREATE FUNCTION f() RETURNS int RETURN 1', 'CREATE FUNCTION'],
    ['CREATE TRIGGER tr BEFORE INSERT ON orders FOR EACH ROW SET NEW.a = 1', 'CREATE TRIGGER'],
    ['DROP EVENT e', 'DROP EVENT'],
    ["GRANT SELECT ON shop.* TO 'u'@'%'", 'GRANT'],
    ["CREATE USER 'u'@'%' IDENTIFIED BY 'p'", 'CREATE USER'],
    ['FLUSH PRIVILEGES', 'FLUSH'],
    ['ANALYZE TABLE orders', 'ANALYZE'],
    ['OPTIMIZE TABLE orders', 'OPTIMIZE'],
    ['SAVEPOINT s1', 'SAVEPOINT'],
    ["XA START 'x'", 'XA'],
    ['SET @a = 1', 'SET'],
    ['BEGIN', 'BEGIN'],
    ['COMMIT', 'COMMIT'],
    ['ALTER DATABASE shop CHARACTER SET utf8mb4', 'ALTER DATABASE'],
    ['RENAME USER a TO b', 'RENAME USER'],
    ['CREATE SEQUENCE s', 'CREATE SEQUENCE'],
  ];
  for (const [sql, what] of others) {
    it(`ignores ${sql}`, () => {
      expect(ignored(sql)).toEqual({
        action: 'ignore',
        kind: 'other',
        reason: `${what} is not replayed: incremental synchronization replays DDL on migrated tables only (CREATE, ALTER, DROP, RENAME and TRUNCATE TABLE, CREATE and DROP INDEX).`,
      });
    });
  }

  it('ignores text it cannot read, without throwing', () => {
    const unreadable = (detail: string) =>
      `Cutover could not read this statement (${detail}), so it is not replayed. If it changes a migrated table, make the same change on the destination by hand.`;
    expect(ignored("ALTER TABLE orders COMMENT 'unterminated")).toEqual({ action: 'ignore', kind: 'other', reason: unreadable('unterminated \' quote at offset 27') });
    expect(ignored('CREATE TABLE orders (id int')).toEqual({ action: 'ignore', kind: 'create_table', reason: unreadable('unbalanced parentheses') });
    expect(ignored('DROP TABLE orders,')).toEqual({ action: 'ignore', kind: 'drop_table', reason: unreadable('expected a name at offset end') });
    expect(ignored('RENAME TABLE orders orders_old').reason).toBe(unreadable('expected TO at offset 20'));
    expect(ignored('ALTER TABLE orders ADD c int /* unterminated').kind).toBe('other');
    expect(ignored('').reason).toBe('The statement is empty (comments only).');
    expect(ignored('-- nothing\n').reason).toBe('The statement is empty (comments only).');
  });

  it('ignores several statements in one event', () => {
    expect(ignored('DROP TABLE orders; DROP TABLE legacy')).toEqual({
      action: 'ignore',
      kind: 'drop_table',
      reason: 'The event holds several statements separated by semicolons: Cutover replays one statement at a time. Make the same change on the destination by hand.',
    });
  });
});
