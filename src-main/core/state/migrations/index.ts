import init from './0001_init';
import runs from './0002_runs';
import incremental from './0003_incremental';
import componentHold from './0004_component_hold';
import leaseEpoch from './0005_lease_epoch';
import verification from './0006_verification';
import switchover from './0007_switchover';
import reverse from './0008_reverse';
import hostRequests from './0009_host_requests';
import alertState from './0010_alert_state';
import modifications from './0011_modifications';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change, in order. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'runs', sql: runs },
  { version: 3, name: 'incremental', sql: incremental },
  { version: 4, name: 'component_hold', sql: componentHold },
  { version: 5, name: 'lease_epoch', sql: leaseEpoch },
  { version: 6, name: 'verification', sql: verification },
  { version: 7, name: 'switchover', sql: switchover },
  { version: 8, name: 'reverse', sql: reverse },
  { version: 9, name: 'host_requests', sql: hostRequests },
  { version: 10, name: 'alert_state', sql: alertState },
  { version: 11, name: 'modifications', sql: modifications },
];
