import { describe, it, expect } from 'vitest';
import { hasPrivilege, parseGrants } from '../../../src-worker/mysql/grants';

/** `SHOW GRANTS` of a MariaDB 10.11 root account. */
const MARIADB_ROOT = [
  "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED VIA mysql_native_password USING 'invalid' OR unix_socket WITH GRANT OPTION",
  "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION",
];

/** A MariaDB 10.11 migration user: global replication privileges and a database pattern. */
const MARIADB_MIGRATOR = [
  "GRANT RELOAD, PROCESS, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `cutover`@`%` IDENTIFIED BY PASSWORD '*A4B6157319038724E3560894F7F932C8886EBFCF'",
  'GRANT SELECT, SHOW VIEW ON `app\\_%`.* TO `cutover`@`%`',
  'GRANT SELECT ON `shop`.`orders` TO `cutover`@`%`',
  'GRANT SELECT (`id`, `name`) ON `shop`.`customers` TO `cutover`@`%`',
  'GRANT `reporting` TO `cutover`@`%`',
];

/** A MySQL 8.0 migration user. */
const MYSQL8_MIGRATOR = [
  'GRANT RELOAD, PROCESS, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `cutover`@`%`',
  'GRANT BACKUP_ADMIN,BINLOG_ADMIN ON *.* TO `cutover`@`%`',
  'GRANT ALL PRIVILEGES ON `sales`.* TO `cutover`@`%` WITH GRANT OPTION',
  'GRANT SELECT, INSERT (`note`), UPDATE (`note`, `total`) ON `shop`.`orders` TO `cutover`@`%`',
  'GRANT `app_read`@`%` TO `cutover`@`%`',
];

describe('parseGrants', () => {
  it('reads privileges and scope of global, database and table grants', () => {
    const grants = parseGrants(MARIADB_MIGRATOR);
    expect(grants.map((g) => ({ ...g, privileges: [...g.privileges] }))).toEqual([
      { privileges: ['RELOAD', 'PROCESS', 'REPLICATION SLAVE', 'BINLOG MONITOR'], database: '*', table: '*', columnLevel: false },
      { privileges: ['SELECT', 'SHOW VIEW'], database: 'app\\_%', table: '*', columnLevel: false },
      { privileges: ['SELECT'], database: 'shop', table: 'orders', columnLevel: false },
      { privileges: ['SELECT'], database: 'shop', table: 'customers', columnLevel: true },
    ]);
  });

  it('ignores role grants, which have no ON clause', () => {
    expect(parseGrants(['GRANT `reporting` TO `cutover`@`%`', 'GRANT `app_read`@`%` TO `cutover`@`%`'])).toEqual([]);
  });

  it('ignores lines that are not grants', () => {
    expect(parseGrants(['', 'REVOKE SELECT ON `mysql`.* FROM `u`@`%`', 'Grants for cutover@%'])).toEqual([]);
  });

  it('reads ALL as ALL PRIVILEGES', () => {
    expect([...parseGrants(['GRANT ALL ON shop.* TO u'])[0].privileges]).toEqual(['ALL PRIVILEGES']);
  });

  it('reads dynamic privileges listed without spaces', () => {
    expect([...parseGrants(['GRANT BACKUP_ADMIN,BINLOG_ADMIN ON *.* TO `cutover`@`%`'])[0].privileges]).toEqual(['BACKUP_ADMIN', 'BINLOG_ADMIN']);
  });

  it('unquotes names with dots and doubled backticks, and ANSI double quotes', () => {
    expect(parseGrants(['GRANT SELECT ON `my.db`.`a``b` TO `u`@`%`'])[0]).toMatchObject({ database: 'my.db', table: 'a`b' });
    expect(parseGrants(['GRANT SELECT ON "shop".* TO "u"@"%"'])[0]).toMatchObject({ database: 'shop', table: '*' });
    expect(parseGrants(['grant select on shop.orders to u'])[0]).toMatchObject({ database: 'shop', table: 'orders' });
  });

  it('reads grants on routines', () => {
    expect(parseGrants(['GRANT EXECUTE ON PROCEDURE `shop`.`refresh` TO `u`@`%`'])[0]).toMatchObject({ database: 'shop', table: 'refresh' });
  });
});

describe('hasPrivilege', () => {
  it('finds everything in a global ALL PRIVILEGES', () => {
    const grants = parseGrants(MARIADB_ROOT);
    expect(hasPrivilege(grants, 'SELECT', 'shop', 'orders')).toBe(true);
    expect(hasPrivilege(grants, 'REPLICATION SLAVE')).toBe(true);
    expect(hasPrivilege(grants, 'REPLICATION CLIENT')).toBe(true);
  });

  it('finds nothing with USAGE only', () => {
    const grants = parseGrants(['GRANT USAGE ON *.* TO `app`@`%`']);
    expect(hasPrivilege(grants, 'USAGE')).toBe(true);
    expect(hasPrivilege(grants, 'SELECT', 'shop', 'orders')).toBe(false);
    expect(hasPrivilege(grants, 'SELECT')).toBe(false);
    expect(hasPrivilege(grants, 'REPLICATION CLIENT')).toBe(false);
  });

  it('takes BINLOG MONITOR (MariaDB 10.5+) for REPLICATION CLIENT', () => {
    const grants = parseGrants(MARIADB_MIGRATOR);
    expect(hasPrivilege(grants, 'REPLICATION CLIENT')).toBe(true);
    expect(hasPrivilege(grants, 'REPLICATION SLAVE')).toBe(true);
  });

  it('takes the other replica-monitoring names for REPLICATION CLIENT', () => {
    for (const name of ['SLAVE MONITOR', 'REPLICA MONITOR', 'REPLICATION CLIENT']) {
      expect(hasPrivilege(parseGrants([`GRANT ${name} ON *.* TO \`u\`@\`%\``]), 'REPLICATION CLIENT')).toBe(true);
    }
  });

  it('takes REPLICATION REPLICA (MySQL 8.0.22+) for REPLICATION SLAVE', () => {
    expect(hasPrivilege(parseGrants(['GRANT REPLICATION REPLICA ON *.* TO `u`@`%`']), 'REPLICATION SLAVE')).toBe(true);
  });

  it('does not take one replication privilege for the other', () => {
    expect(hasPrivilege(parseGrants(['GRANT REPLICATION SLAVE ON *.* TO `u`@`%`']), 'REPLICATION CLIENT')).toBe(false);
    expect(hasPrivilege(parseGrants(['GRANT BINLOG MONITOR ON *.* TO `u`@`%`']), 'REPLICATION SLAVE')).toBe(false);
  });

  it('does not take a database-level ALL PRIVILEGES for a global privilege', () => {
    const grants = parseGrants(['GRANT ALL PRIVILEGES ON `sales`.* TO `u`@`%`']);
    expect(hasPrivilege(grants, 'REPLICATION SLAVE')).toBe(false);
    expect(hasPrivilege(grants, 'DELETE', 'sales', 'invoices')).toBe(true);
    expect(hasPrivilege(grants, 'DELETE', 'sales')).toBe(true);
    expect(hasPrivilege(grants, 'DELETE', 'sales2', 'invoices')).toBe(false);
  });

  describe('database LIKE patterns', () => {
    const grants = parseGrants(['GRANT SELECT, SHOW VIEW ON `app\\_%`.* TO `cutover`@`%`']);

    it('matches databases the pattern covers', () => {
      expect(hasPrivilege(grants, 'SELECT', 'app_prod', 'users')).toBe(true);
      expect(hasPrivilege(grants, 'SELECT', 'app_')).toBe(true);
    });

    it('reads an escaped _ as a plain underscore', () => {
      expect(hasPrivilege(grants, 'SELECT', 'appXprod', 'users')).toBe(false);
      expect(hasPrivilege(grants, 'SELECT', 'app', 'users')).toBe(false);
    });

    it('reads an unescaped _ as any one character', () => {
      const loose = parseGrants(['GRANT SELECT ON `app_%`.* TO `u`@`%`']);
      expect(hasPrivilege(loose, 'SELECT', 'appXprod')).toBe(true);
      expect(hasPrivilege(loose, 'SELECT', 'ap')).toBe(false);
    });

    it('treats other characters literally', () => {
      const dotted = parseGrants(['GRANT SELECT ON `a.b%`.* TO `u`@`%`']);
      expect(hasPrivilege(dotted, 'SELECT', 'a.bc')).toBe(true);
      expect(hasPrivilege(dotted, 'SELECT', 'aXbc')).toBe(false);
    });

    it('does not give global privileges', () => {
      expect(hasPrivilege(grants, 'SELECT')).toBe(false);
    });
  });

  describe('table grants', () => {
    const grants = parseGrants(MARIADB_MIGRATOR);

    it('cover their table only', () => {
      expect(hasPrivilege(grants, 'SELECT', 'shop', 'orders')).toBe(true);
      expect(hasPrivilege(grants, 'SELECT', 'shop', 'order_items')).toBe(false);
    });

    it('do not cover the whole database', () => {
      expect(hasPrivilege(grants, 'SELECT', 'shop')).toBe(false);
    });

    it('never count a column-level SELECT (a, b) as SELECT on the table', () => {
      expect(hasPrivilege(grants, 'SELECT', 'shop', 'customers')).toBe(false);
    });

    it('keep table-level privileges that share a line with column-level ones', () => {
      const mixed = parseGrants(MYSQL8_MIGRATOR);
      expect(hasPrivilege(mixed, 'SELECT', 'shop', 'orders')).toBe(true);
      expect(hasPrivilege(mixed, 'INSERT', 'shop', 'orders')).toBe(false);
      expect(hasPrivilege(mixed, 'UPDATE', 'shop', 'orders')).toBe(false);
    });

    it('keep a table-level privilege also granted on columns', () => {
      const both = parseGrants(['GRANT SELECT, SELECT (`id`) ON `shop`.`orders` TO `u`@`%`']);
      expect(hasPrivilege(both, 'SELECT', 'shop', 'orders')).toBe(true);
    });
  });

  describe('a MySQL 8 user', () => {
    const grants = parseGrants(MYSQL8_MIGRATOR);

    it('holds the global and dynamic privileges it was given', () => {
      expect(hasPrivilege(grants, 'REPLICATION SLAVE')).toBe(true);
      expect(hasPrivilege(grants, 'REPLICATION CLIENT')).toBe(true);
      expect(hasPrivilege(grants, 'BINLOG_ADMIN')).toBe(true);
      expect(hasPrivilege(grants, 'SUPER')).toBe(false);
    });

    it('holds everything on the database given with ALL PRIVILEGES', () => {
      expect(hasPrivilege(grants, 'SELECT', 'sales', 'invoices')).toBe(true);
      expect(hasPrivilege(grants, 'CREATE', 'sales')).toBe(true);
      expect(hasPrivilege(grants, 'SELECT', 'hr', 'staff')).toBe(false);
    });
  });

  it('finds nothing in no grants', () => {
    expect(hasPrivilege([], 'SELECT', 'shop', 'orders')).toBe(false);
  });
});

describe('table-level grants name one database literally', () => {
  it('does not read _ in a table grant database as a wildcard', async () => {
    const { hasPrivilege, parseGrants } = await import('../../../src-worker/mysql/grants');
    const grants = parseGrants(["GRANT SELECT ON `my_db`.`orders` TO `u`@`%`"]);
    expect(hasPrivilege(grants, 'SELECT', 'my_db', 'orders')).toBe(true);
    expect(hasPrivilege(grants, 'SELECT', 'myXdb', 'orders')).toBe(false);
  });
});
