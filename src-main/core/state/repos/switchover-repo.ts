/**
 * The forward switchover's steps and journal. Every change goes through
 * `apply`: the step machine (src-shared/lifecycle/switchover.ts) decides
 * whether the event is allowed and what the steps become, and the new step
 * rows and the journal entry are written in one transaction, so the journal
 * never says more or less than the steps.
 */

import { AppError } from '../../../../src-shared/errors';
import type { StepEvent } from '../../../../src-shared/lifecycle/switchover';
import { applyStepEvent, checkStepEvent } from '../../../../src-shared/lifecycle/switchover';
import type { SwitchoverStepId, SwitchoverStepStatus } from '../../../../src-shared/model/stage';
import type { Facts, JournalEntry, StepRecord } from '../../../../src-shared/model/switchover';
import { nowIso } from '../../ids';
import type { Db } from '../db';

interface StepRow {
  step: SwitchoverStepId;
  status: SwitchoverStepStatus;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
  facts: string;
}

function parseFacts(text: string | null): Facts | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Facts) : {};
}

export class SwitchoverRepo {
  constructor(private readonly db: Db) {}

  steps(projectId: string): StepRecord[] {
    const rows = this.db.prepare('SELECT step, status, started_at, ended_at, error, facts FROM switchover_steps WHERE project_id = ? ORDER BY position').all(projectId) as StepRow[];
    return rows.map((r) => ({ step: r.step, status: r.status, startedAt: r.started_at, endedAt: r.ended_at, error: r.error, facts: parseFacts(r.facts) ?? {} }));
  }

  /** Applies one event to the steps and journals it, all or nothing; refuses (not_allowed) what the step machine does not allow. */
  apply(projectId: string, event: StepEvent, at: string = nowIso()): StepRecord[] {
    return this.db.transaction(() => {
      const before = this.steps(projectId);
      const verdict = checkStepEvent(before, event);
      if (!verdict.allowed) throw new AppError({ code: 'not_allowed', message: `Not possible: ${verdict.reason}.` });
      const after = applyStepEvent(before, event, at);
      const update = this.db.prepare('UPDATE switchover_steps SET status = ?, started_at = ?, ended_at = ?, error = ?, facts = ? WHERE project_id = ? AND step = ?');
      after.forEach((s, i) => {
        if (s !== before[i]) update.run(s.status, s.startedAt, s.endedAt, s.error, JSON.stringify(s.facts), projectId, s.step);
      });
      this.db
        .prepare('INSERT INTO switchover_journal (project_id, step, event, facts, error, at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(
          projectId,
          event.kind === 'cancel' ? null : event.step,
          event.kind,
          'facts' in event && event.facts ? JSON.stringify(event.facts) : null,
          event.kind === 'fail' ? event.error : null,
          at,
        );
      return after;
    })();
  }

  /** The journal, oldest first. */
  journal(projectId: string): JournalEntry[] {
    const rows = this.db.prepare('SELECT seq, step, event, facts, error, at FROM switchover_journal WHERE project_id = ? ORDER BY seq').all(projectId) as (Omit<JournalEntry, 'facts'> & {
      facts: string | null;
    })[];
    return rows.map((r) => ({ ...r, facts: parseFacts(r.facts) }));
  }
}
