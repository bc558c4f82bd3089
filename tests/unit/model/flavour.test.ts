import { describe, it, expect } from 'vitest';
import { detectFlavour } from '../../../src-shared/model/flavour';

const MYSQL_UNSUPPORTED = (v: string) => `MySQL ${v} is not supported; Cutover supports MySQL 5.7 and 8.x, MariaDB 10.x and OceanBase MySQL tenants.`;

describe('detectFlavour', () => {
  describe('MariaDB', () => {
    it('reads a Debian build of MariaDB 10.11', () => {
      expect(detectFlavour('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12')).toEqual({
        flavour: 'mariadb',
        version: '10.11.19',
        versionString: '10.11.19-MariaDB-0+deb12u1-log Debian 12',
      });
    });

    it('reads upstream builds and 11.x', () => {
      expect(detectFlavour('10.6.16-MariaDB', 'mariadb.org binary distribution')).toMatchObject({ flavour: 'mariadb', version: '10.6.16' });
      expect(detectFlavour('11.4.2-MariaDB-ubu2404', 'mariadb.org binary distribution')).toMatchObject({ flavour: 'mariadb', version: '11.4.2' });
    });

    it('recognises MariaDB from the comment alone', () => {
      expect(detectFlavour('10.5.23', 'MariaDB Server')).toMatchObject({ flavour: 'mariadb', version: '10.5.23' });
    });

    it('refuses MariaDB 5.5 and says which versions work', () => {
      expect(detectFlavour('5.5.68-MariaDB', 'MariaDB Server')).toEqual({
        flavour: null,
        version: '5.5.68',
        versionString: '5.5.68-MariaDB MariaDB Server',
        unsupportedReason: 'MariaDB 5.5.68 is too old; Cutover supports MariaDB 10.x and later.',
      });
    });
  });

  describe('MySQL', () => {
    it('reads MySQL 5.7', () => {
      expect(detectFlavour('5.7.44-log', 'MySQL Community Server (GPL)')).toEqual({
        flavour: 'mysql57',
        version: '5.7.44',
        versionString: '5.7.44-log MySQL Community Server (GPL)',
      });
    });

    it('reads MySQL 8.0 and 8.4 as the 8.x flavour', () => {
      expect(detectFlavour('8.0.36', 'MySQL Community Server - GPL')).toEqual({
        flavour: 'mysql80',
        version: '8.0.36',
        versionString: '8.0.36 MySQL Community Server - GPL',
      });
      expect(detectFlavour('8.4.0', 'MySQL Community Server - GPL')).toMatchObject({ flavour: 'mysql80', version: '8.4.0' });
    });

    it('reads MySQL-compatible builds by their number', () => {
      expect(detectFlavour('8.0.36-28', 'Percona Server (GPL), Release 28, Revision 47601f19')).toMatchObject({ flavour: 'mysql80', version: '8.0.36' });
    });

    it('refuses MySQL 5.6 and says which versions work', () => {
      expect(detectFlavour('5.6.51-log', 'MySQL Community Server (GPL)')).toEqual({
        flavour: null,
        version: '5.6.51',
        versionString: '5.6.51-log MySQL Community Server (GPL)',
        unsupportedReason: MYSQL_UNSUPPORTED('5.6.51'),
      });
    });

    it('refuses a version it cannot read, quoting it', () => {
      expect(detectFlavour('unknown', '')).toMatchObject({ flavour: null, version: '', versionString: 'unknown', unsupportedReason: MYSQL_UNSUPPORTED('unknown') });
    });
  });

  describe('OceanBase', () => {
    const VERSION = '5.7.25-OceanBase_CE-v4.2.1.0';
    const COMMENT = 'OceanBase_CE 4.2.1.0 (r100000152023101521-9e4c1b9d7e5c4c2c5f0e8d1b3c6a7f0e1d2c3b4a) (Built Oct 15 2023 10:00:00)';

    it('reads a MySQL tenant of OceanBase CE with the OceanBase version, not the MySQL one', () => {
      expect(detectFlavour(VERSION, COMMENT, 'MYSQL')).toEqual({
        flavour: 'oceanbase-mysql',
        version: '4.2.1.0',
        versionString: `${VERSION} ${COMMENT}`,
      });
    });

    it('reads it without a known compatibility mode', () => {
      expect(detectFlavour(VERSION, COMMENT)).toMatchObject({ flavour: 'oceanbase-mysql', version: '4.2.1.0' });
      expect(detectFlavour(VERSION, COMMENT, null)).toMatchObject({ flavour: 'oceanbase-mysql', version: '4.2.1.0' });
    });

    it('reads the enterprise edition and a version found in the comment only', () => {
      expect(detectFlavour('5.7.25-OceanBase-v4.2.1.2', 'OceanBase 4.2.1.2 (r...)')).toMatchObject({ flavour: 'oceanbase-mysql', version: '4.2.1.2' });
      expect(detectFlavour('5.7.25', 'OceanBase_CE 4.3.0.1 (r1)')).toMatchObject({ flavour: 'oceanbase-mysql', version: '4.3.0.1' });
    });

    it('refuses an Oracle-mode tenant, whatever the letter case', () => {
      for (const mode of ['ORACLE', 'oracle']) {
        expect(detectFlavour(VERSION, COMMENT, mode)).toEqual({
          flavour: null,
          version: '4.2.1.0',
          versionString: `${VERSION} ${COMMENT}`,
          unsupportedReason: 'This is an OceanBase Oracle-mode tenant; Cutover migrates MySQL tenants only.',
        });
      }
    });

    it('is not taken for MySQL 5.7 because of its 5.7.25 prefix', () => {
      expect(detectFlavour(VERSION, COMMENT).flavour).not.toBe('mysql57');
    });

    it('reads seekdb as OceanBase at its kernel version, edition seekdb (what seekdb 1.4.0 reports)', () => {
      const version = '5.7.25-OceanBase seekdb-v1.4.0.0';
      const comment = 'OceanBase 4.3.5.3 seekdb (r1.4.0.0) (Built 1-d08a76bced6fb99281d1447c00fb4c9e7469104d Aug 20 2026)';
      expect(detectFlavour(version, comment, 'MYSQL')).toEqual({ flavour: 'oceanbase-mysql', edition: 'seekdb', version: '4.3.5.3', versionString: `${version} ${comment}` });
      expect(detectFlavour(VERSION, COMMENT).edition).toBeUndefined();
    });
  });

  it('trims the version string when the comment is empty', () => {
    expect(detectFlavour('8.0.36', '').versionString).toBe('8.0.36');
  });
});
