/**
 * Server flavours. Every endpoint speaks the MySQL protocol; the flavour decides
 * which profile (capabilities as data) drives DDL conversion, prechecks and SQL.
 */

export const FLAVOURS = ['mysql57', 'mysql80', 'mariadb', 'oceanbase-mysql'] as const;
export type Flavour = (typeof FLAVOURS)[number];

export const FLAVOUR_LABELS: Record<Flavour, string> = {
  mysql57: 'MySQL 5.7',
  mysql80: 'MySQL 8.0 or later',
  mariadb: 'MariaDB',
  'oceanbase-mysql': 'OceanBase (MySQL tenant)',
};

/** What applications must expect of AUTO_INCREMENT on a destination of the flavour once it takes writes (null: nothing special). */
export const AUTO_INCREMENT_NOTES: Record<Flavour, string | null> = {
  mysql57: null,
  mysql80: null,
  mariadb: null,
  'oceanbase-mysql': 'OceanBase caches auto-increment values per node: new rows may get values above the counter, with gaps, which is expected.',
};

/**
 * Products of a flavour's family that differ from it in ways a migration must
 * know (see the editions in src-worker/dialect/profiles.ts): seekdb is
 * OceanBase's single-node engine, MySQL mode, with a shorter list of character
 * sets and no binlog.
 */
export const EDITIONS = ['seekdb'] as const;
export type Edition = (typeof EDITIONS)[number];

export interface ServerIdentity {
  /** `null` when the server is not a flavour Cutover supports; see `unsupportedReason`. */
  flavour: Flavour | null;
  /** A product of the family that behaves differently from its flavour's profile, if any. */
  edition?: Edition;
  /** The product version, e.g. `10.11.6` for MariaDB or `4.2.1.0` for OceanBase. */
  version: string;
  /** What the server reported, for display. */
  versionString: string;
  unsupportedReason?: string;
}

function parseVersionNumbers(text: string): number[] {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!match) return [];
  return match.slice(1).filter((p) => p !== undefined).map(Number);
}

/**
 * Detects the flavour from `@@version` and `@@version_comment`.
 * OceanBase reports e.g. version `5.7.25-OceanBase_CE-v4.2.1.0` and a comment
 * starting with `OceanBase`; its Oracle-mode tenants are refused. seekdb
 * reports version `5.7.25-OceanBase seekdb-v1.4.0.0` and comment
 * `OceanBase 4.3.5.3 seekdb (r1.4.0.0) ...`: the OceanBase flavour at its
 * kernel's version, edition seekdb.
 * MariaDB reports `10.11.6-MariaDB-0+deb12u1`.
 */
export function detectFlavour(version: string, versionComment: string, compatibilityMode?: string | null): ServerIdentity {
  const combined = `${version} ${versionComment}`;
  if (/oceanbase/i.test(combined)) {
    const ob = /OceanBase(?:_CE)?[-_ ]v?(\d+(?:\.\d+){1,3})/i.exec(combined);
    const obVersion = ob ? ob[1] : version;
    if (compatibilityMode && compatibilityMode.toUpperCase() === 'ORACLE') {
      return {
        flavour: null,
        version: obVersion,
        versionString: combined.trim(),
        unsupportedReason: 'This is an OceanBase Oracle-mode tenant; Cutover migrates MySQL tenants only.',
      };
    }
    const edition = /\bseekdb\b/i.test(combined) ? { edition: 'seekdb' as const } : {};
    return { flavour: 'oceanbase-mysql', version: obVersion, versionString: combined.trim(), ...edition };
  }
  const numbers = parseVersionNumbers(version);
  const plain = numbers.join('.');
  if (/mariadb/i.test(combined)) {
    if (numbers[0] !== undefined && numbers[0] < 10) {
      return { flavour: null, version: plain, versionString: combined.trim(), unsupportedReason: `MariaDB ${plain} is too old; Cutover supports MariaDB 10.x and later.` };
    }
    return { flavour: 'mariadb', version: plain, versionString: combined.trim() };
  }
  const [major = 0, minor = 0] = numbers;
  if (major === 5 && minor === 7) return { flavour: 'mysql57', version: plain, versionString: combined.trim() };
  if (major >= 8) return { flavour: 'mysql80', version: plain, versionString: combined.trim() };
  return {
    flavour: null,
    version: plain,
    versionString: combined.trim(),
    unsupportedReason: `MySQL ${plain || version} is not supported; Cutover supports MySQL 5.7 and 8.x, MariaDB 10.x and OceanBase MySQL tenants.`,
  };
}
