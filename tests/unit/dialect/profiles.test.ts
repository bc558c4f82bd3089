/** A server's profile: its family's, narrowed by what its release lacks and by the collations it reports. */

import { describe, expect, it } from 'vitest';
import { detectFlavour } from '../../../src-shared/model/flavour';
import { profileFor, profileOf } from '../../../src-worker/dialect/profiles';

describe('profileFor', () => {
  it('keeps the family profile for a current release', () => {
    expect(profileFor(detectFlavour('8.0.36', 'MySQL Community Server - GPL'))).toEqual(profileOf('mysql80'));
  });

  it('takes away what an older MySQL 8.0 lacks', () => {
    const profile = profileFor(detectFlavour('8.0.20', 'MySQL Community Server - GPL'));
    expect(profile).toMatchObject({ invisibleColumns: false, checkConstraints: true, functionalIndexes: true });
    expect(profileFor(detectFlavour('8.0.12', '')).expressionDefaults).toBe('current-timestamp');
  });

  it('maps the MariaDB types an older MariaDB lacks, the oldest release deciding', () => {
    const profile = profileFor(detectFlavour('10.4.32-MariaDB', 'mariadb.org binary distribution'));
    expect(Object.keys(profile.typeMappings).sort()).toEqual(['geomcollection', 'inet4', 'inet6', 'uuid']);
    expect(profile).toMatchObject({ invisibleColumns: true, indexVisibility: null, descendingIndexes: false });
    expect(Object.keys(profileFor(detectFlavour('10.7.3-MariaDB', '')).typeMappings).sort()).toEqual(['geomcollection', 'inet4']);
  });

  it('has no FULLTEXT indexes on OceanBase before V4.3.1', () => {
    expect(profileFor(detectFlavour('5.7.25-OceanBase_CE-v4.2.5.0', 'OceanBase_CE 4.2.5.0')).fulltextIndexes).toBe(false);
    expect(profileFor(detectFlavour('5.7.25-OceanBase_CE-v4.3.5.0', 'OceanBase_CE 4.3.5.0')).fulltextIndexes).toBe(true);
  });

  it('uses the collations the server reports instead of the documented list', () => {
    const profile = profileFor(detectFlavour('5.7.25-OceanBase_CE-v4.3.5.0', 'OceanBase_CE 4.3.5.0'), ['utf8mb4_general_ci', 'utf8mb4_bin', 'UTF8MB4_0900_AI_CI']);
    expect(profile.collations).toEqual(['utf8mb4_general_ci', 'utf8mb4_bin', 'utf8mb4_0900_ai_ci']);
    expect(profile.collationFallbacks.utf8mb4_0900_ai_ci).toBeUndefined();
    expect(profile.collationFallbacks.utf8mb4_0900_as_cs).toBe('utf8mb4_bin');
  });

  it('refuses a server Cutover does not support', () => {
    expect(() => profileFor(detectFlavour('5.6.51', 'MySQL Community Server'))).toThrow(/MySQL 5.6.51 is not supported/);
  });
});
