/**
 * Flavour profiles: what each server family can do, as data. Prechecks read
 * them now; DDL conversion and SQL generation grow on them.
 */

import type { Flavour } from '../../src-shared/model/flavour';

export interface FlavourProfile {
  flavour: Flavour;
  /** Row changes can be read over the replication protocol (binlog or OceanBase binlog service). */
  binlogCapture: boolean;
  /**
   * Collations this flavour lacks and what a column using them becomes on it.
   * OceanBase MySQL tenants do not implement MySQL 8's UCA 9.0.0 (`_0900_`) collations;
   * utf8mb4_general_ci / utf8mb4_bin are what OceanBase documents for utf8mb4.
   */
  collationFallbacks: Record<string, string>;
}

const MYSQL8_UCA_TO_GENERAL: Record<string, string> = {
  utf8mb4_0900_ai_ci: 'utf8mb4_general_ci',
  utf8mb4_0900_as_ci: 'utf8mb4_general_ci',
  utf8mb4_0900_as_cs: 'utf8mb4_bin',
  utf8mb4_0900_bin: 'utf8mb4_bin',
};

export const PROFILES: Record<Flavour, FlavourProfile> = {
  mysql57: { flavour: 'mysql57', binlogCapture: true, collationFallbacks: MYSQL8_UCA_TO_GENERAL },
  mysql80: { flavour: 'mysql80', binlogCapture: true, collationFallbacks: {} },
  mariadb: { flavour: 'mariadb', binlogCapture: true, collationFallbacks: MYSQL8_UCA_TO_GENERAL },
  'oceanbase-mysql': { flavour: 'oceanbase-mysql', binlogCapture: true, collationFallbacks: MYSQL8_UCA_TO_GENERAL },
};

export function profileOf(flavour: Flavour): FlavourProfile {
  return PROFILES[flavour];
}
