/**
 * What every raised alert does once it is in the state database, whoever
 * raised it (the alert monitor, a failed stage): it is pushed to every open
 * page and shown as a desktop notification.
 */

import { alertKindLabel } from '../../../src-shared/lifecycle/alert-conditions';
import type { Alert } from '../../../src-shared/model';
import type { RunServices } from '../orchestrator/run-context';

export function publishAlert(services: Pick<RunServices, 'activity' | 'events' | 'host'>, alertId: number, projectName: string): Alert | null {
  const alert = services.activity.alert(alertId);
  if (!alert) return null;
  services.events.emit('alerts/raised', alert);
  services.host.notifier?.notify(`Cutover: ${projectName} — ${alertKindLabel(alert.kind)}`, alert.message);
  return alert;
}
