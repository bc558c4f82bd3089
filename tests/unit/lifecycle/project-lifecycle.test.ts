import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectFacts, UserAction } from '../../../src-shared/lifecycle/project-lifecycle';
import {
  PROJECT_TRANSITIONS,
  SYSTEM_EVENTS,
  USER_ACTIONS,
  USER_ACTION_LABELS,
  allowedActions,
  canPerform,
  checkTransition,
  nextStatus,
} from '../../../src-shared/lifecycle/project-lifecycle';
import type { ProjectStatus } from '../../../src-shared/model/project';
import { PROJECT_STATUSES, PROJECT_STATUS_LABELS } from '../../../src-shared/model/project';
import type { StageId, StageStatus } from '../../../src-shared/model/stage';

type Stages = Partial<Record<StageId, StageStatus>>;

function facts(status: ProjectStatus, stages: Stages = {}): ProjectFacts {
  return { status, stages: Object.entries(stages).map(([stage, s]) => ({ stage: stage as StageId, status: s })) };
}

/**
 * Stage facts under which every guard passes, so that only the status decides:
 * a project in full verification (skip possible) whose switchover is running
 * (start switchover possible) is not a real state, so the guarded actions get
 * their own facts.
 */
const GUARD_PASSES: Record<'enterSwitchover' | 'startSwitchover' | 'skipVerification', Stages> = {
  enterSwitchover: { full: 'completed', incremental: 'monitoring', verification: 'completed', switchover: 'not_started' },
  startSwitchover: { full: 'completed', incremental: 'monitoring', verification: 'completed', switchover: 'running' },
  skipVerification: { full: 'completed', incremental: 'monitoring', verification: 'running', switchover: 'not_started' },
};

function factsFor(action: UserAction, status: ProjectStatus): ProjectFacts {
  return facts(status, (GUARD_PASSES as Partial<Record<UserAction, Stages>>)[action] ?? {});
}

/**
 * Seed 003 ("Perform batch operations on data migration projects"), the table
 * "Project status / Supported batch operation", as written there. Restore is
 * our resume. Modifying and Integrating are not in the table: no batch
 * operation applies to them.
 */
const SEED_003_BATCH: Record<ProjectStatus, UserAction[]> = {
  not_started: ['start', 'delete', 'modifyAlert'],
  running: ['pause', 'modifyAlert', 'enterSwitchover', 'startSwitchover', 'skipVerification'],
  paused: ['resume', 'release', 'modifyAlert', 'skipVerification'],
  failed: ['resume', 'release', 'modifyAlert', 'skipVerification'],
  released: ['delete'],
  releasing: [],
  completed: ['release'],
  modifying: [],
  integrating: [],
};

const BATCH_ACTIONS: UserAction[] = ['start', 'pause', 'resume', 'release', 'delete', 'modifyAlert', 'enterSwitchover', 'startSwitchover', 'skipVerification'];

/** Statuses in which the seed allows `action` as a batch operation. */
function seedStatuses(action: UserAction): ProjectStatus[] {
  return PROJECT_STATUSES.filter((s) => SEED_003_BATCH[s].includes(action));
}

/** Reads the seed's table when the shared seeds are next to the repository. */
function readSeedTable(): Record<string, UserAction[]> | null {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const dir = resolve(here, '../../../../shared/seeds');
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir).find((f) => f.startsWith('003_'));
  if (!file) return null;
  const phrases: [RegExp, UserAction][] = [
    [/batch start(?! forward)/i, 'start'],
    [/batch pause/i, 'pause'],
    [/batch restore/i, 'resume'],
    [/batch release/i, 'release'],
    [/batch delete/i, 'delete'],
    [/batch modify alert/i, 'modifyAlert'],
    [/batch enter forward switchover/i, 'enterSwitchover'],
    [/batch start forward switchover/i, 'startSwitchover'],
    [/batch skip full verification/i, 'skipVerification'],
  ];
  const table: Record<string, UserAction[]> = {};
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !/^[A-Z][a-z]+( [A-Z][a-z]+)?$/.test(cells[1])) continue;
    table[cells[1]] = phrases.filter(([re]) => re.test(cells[2])).map(([, action]) => action);
  }
  return table;
}

describe('PROJECT_TRANSITIONS against seed 003 (batch operations by status)', () => {
  const seed = readSeedTable();

  it.skipIf(seed === null)('the table in this test matches the seed as written', () => {
    const expected = Object.fromEntries(
      PROJECT_STATUSES.filter((s) => s !== 'modifying' && s !== 'integrating').map((s) => [PROJECT_STATUS_LABELS[s], [...SEED_003_BATCH[s]].sort()]),
    );
    const actual = Object.fromEntries(Object.entries(seed ?? {}).map(([status, actions]) => [status, [...actions].sort()]));
    expect(actual).toEqual(expected);
  });

  it.each(BATCH_ACTIONS)('%s is allowed exactly in the statuses the seed lists', (action) => {
    expect([...PROJECT_TRANSITIONS[action].from].sort()).toEqual(seedStatuses(action).sort());
  });

  it.each(PROJECT_STATUSES.map((s) => [s] as const))('in %s, the batch operations allowed are exactly the seed ones', (status) => {
    const allowed = BATCH_ACTIONS.filter((action) => canPerform(action, factsFor(action, status)));
    expect(allowed.sort()).toEqual([...SEED_003_BATCH[status]].sort());
  });
});

describe('status rules', () => {
  it('starts only Not Started projects', () => {
    expect(PROJECT_STATUSES.filter((s) => canPerform('start', facts(s)))).toEqual(['not_started']);
    expect(nextStatus('start', facts('not_started'))).toBe('running');
  });

  it('pauses only Running projects', () => {
    expect(PROJECT_STATUSES.filter((s) => canPerform('pause', facts(s)))).toEqual(['running']);
    expect(nextStatus('pause', facts('running'))).toBe('paused');
  });

  it('resumes Paused and Failed projects', () => {
    expect(PROJECT_STATUSES.filter((s) => canPerform('resume', facts(s)))).toEqual(['paused', 'failed']);
    expect(nextStatus('resume', facts('paused'))).toBe('running');
    expect(nextStatus('resume', facts('failed'))).toBe('running');
  });

  it('releases Paused, Failed and Completed projects into Releasing', () => {
    expect(PROJECT_STATUSES.filter((s) => canPerform('release', facts(s)))).toEqual(['paused', 'failed', 'completed']);
    for (const status of ['paused', 'failed', 'completed'] as const) expect(nextStatus('release', facts(status))).toBe('releasing');
  });

  it('deletes only Not Started and Released projects', () => {
    expect(PROJECT_STATUSES.filter((s) => canPerform('delete', facts(s)))).toEqual(['not_started', 'released']);
    expect(nextStatus('delete', facts('released'))).toBe('deleted');
  });

  it('modifies parameters of Not Started, Paused and Failed projects without changing the status', () => {
    expect(PROJECT_STATUSES.filter((s) => canPerform('modifyParams', facts(s)))).toEqual(['not_started', 'paused', 'failed']);
    expect(nextStatus('modifyParams', facts('failed'))).toBe('failed');
  });

  it('modifies alerts of Not Started, Running, Paused and Failed projects without changing the status', () => {
    expect(PROJECT_STATUSES.filter((s) => canPerform('modifyAlert', facts(s)))).toEqual(['not_started', 'running', 'paused', 'failed']);
    expect(nextStatus('modifyAlert', facts('running'))).toBe('running');
  });

  it('edits, changes objects of and prechecks projects that have not run', () => {
    expect(PROJECT_STATUSES.filter((s) => canPerform('edit', facts(s)))).toEqual(['not_started']);
    expect(PROJECT_STATUSES.filter((s) => canPerform('modifyObjects', facts(s)))).toEqual(['not_started']);
    expect(PROJECT_STATUSES.filter((s) => canPerform('precheck', facts(s)))).toEqual(['not_started', 'paused', 'failed']);
    expect(PROJECT_STATUSES.filter((s) => canPerform('changeDataSource', facts(s)))).toEqual(['not_started', 'paused', 'failed']);
  });

  it('adds and removes tables of a running project once its copy is over and its replay runs, never under verification or switchover', () => {
    const replaying = { schema: 'completed', full: 'completed', incremental: 'monitoring', verification: 'not_started', switchover: 'not_started' } as const;
    expect(PROJECT_STATUSES.filter((s) => canPerform('modifyRunningObjects', facts(s, replaying)))).toEqual(['running']);
    const reason = (stages: Partial<Record<StageId, StageStatus>>) => checkTransition('modifyRunningObjects', facts('running', { ...replaying, ...stages })).reason;
    expect(reason({ full: 'running', incremental: 'running' })).toBe('full migration is not completed');
    expect(reason({ incremental: 'not_started' })).toBe('incremental synchronization is not running yet');
    expect(reason({ verification: 'running' })).toBe('full verification is running');
    expect(reason({ verification: 'completed', switchover: 'running' })).toBe('the project is in forward switchover');
    expect(reason({ incremental: 'running' })).toBeUndefined();
    expect(checkTransition('modifyRunningObjects', facts('running', { full: 'completed' })).reason).toBe('the project has no incremental synchronization');
  });

  it('clones a project in any status, leaving it as it is', () => {
    for (const status of PROJECT_STATUSES) expect(nextStatus('clone', facts(status))).toBe(status);
  });

  it('has a label for every user action', () => {
    expect(Object.keys(USER_ACTION_LABELS).sort()).toEqual([...USER_ACTIONS].sort());
    expect(Object.keys(PROJECT_TRANSITIONS).sort()).toEqual([...USER_ACTIONS, ...SYSTEM_EVENTS].sort());
  });
});

describe('system events', () => {
  it('fails running, modifying, integrating and releasing projects', () => {
    expect(PROJECT_STATUSES.filter((s) => checkTransition('fail', facts(s)).allowed)).toEqual(['running', 'modifying', 'integrating', 'releasing']);
    expect(nextStatus('fail', facts('integrating'))).toBe('failed');
  });

  it('completes only running projects and finishes only releasing ones', () => {
    expect(nextStatus('complete', facts('running'))).toBe('completed');
    expect(() => nextStatus('complete', facts('paused'))).toThrow('complete: not possible while the project is Paused (only when Running)');
    expect(nextStatus('finishRelease', facts('releasing'))).toBe('released');
    expect(() => nextStatus('finishRelease', facts('paused'))).toThrow('finishRelease: not possible while the project is Paused (only when Releasing)');
  });

  it('goes Running → Modifying → Integrating → Running when objects change (F-17)', () => {
    let status: ProjectStatus | 'deleted' = 'running';
    for (const event of ['beginModify', 'beginIntegrate', 'finishIntegrate'] as const) status = nextStatus(event, facts(status as ProjectStatus));
    expect(status).toBe('running');
    expect(() => nextStatus('beginIntegrate', facts('running'))).toThrow('beginIntegrate: not possible while the project is Running (only when Modifying)');
  });

  it('follows a whole life from creation to deletion', () => {
    const path: [Parameters<typeof nextStatus>[0], ProjectStatus | 'deleted'][] = [
      ['start', 'running'],
      ['pause', 'paused'],
      ['resume', 'running'],
      ['complete', 'completed'],
      ['release', 'releasing'],
      ['finishRelease', 'released'],
      ['delete', 'deleted'],
    ];
    let status: ProjectStatus | 'deleted' = 'not_started';
    for (const [transition, expected] of path) {
      status = nextStatus(transition, facts(status as ProjectStatus));
      expect(status).toBe(expected);
    }
  });
});

describe('guards', () => {
  describe('enterSwitchover', () => {
    it('is allowed once full verification is completed or skipped', () => {
      expect(checkTransition('enterSwitchover', facts('running', GUARD_PASSES.enterSwitchover))).toEqual({ allowed: true });
      expect(canPerform('enterSwitchover', facts('running', { verification: 'skipped', switchover: 'not_started' }))).toBe(true);
    });

    it('is allowed without full verification once the copy is done and the sync has caught up', () => {
      expect(canPerform('enterSwitchover', facts('running', { full: 'completed', incremental: 'monitoring', switchover: 'not_started' }))).toBe(true);
      expect(canPerform('enterSwitchover', facts('running', { schema: 'completed', full: 'completed', switchover: 'not_started' }))).toBe(true);
    });

    it('is refused without full verification while the copy runs or the sync lags', () => {
      expect(checkTransition('enterSwitchover', facts('running', { full: 'running', incremental: 'running', switchover: 'not_started' }))).toEqual({
        allowed: false,
        reason: 'full migration is not completed',
      });
      expect(checkTransition('enterSwitchover', facts('running', { full: 'completed', incremental: 'running', switchover: 'not_started' }))).toEqual({
        allowed: false,
        reason: 'incremental synchronization has not caught up (Monitoring)',
      });
    });

    it('is refused while full verification runs', () => {
      for (const status of ['not_started', 'running', 'paused', 'failed'] as const) {
        expect(checkTransition('enterSwitchover', facts('running', { verification: status, switchover: 'not_started' }))).toEqual({
          allowed: false,
          reason: 'full verification is not completed',
        });
      }
    });

    it('is refused once switchover has begun', () => {
      expect(checkTransition('enterSwitchover', facts('running', { verification: 'completed', switchover: 'running' }))).toEqual({
        allowed: false,
        reason: 'the project is already in forward switchover',
      });
    });

    it('is refused when the project is not running, before the stages are looked at', () => {
      expect(checkTransition('enterSwitchover', facts('paused', GUARD_PASSES.enterSwitchover))).toEqual({
        allowed: false,
        reason: 'not possible while the project is Paused (only when Running)',
      });
    });
  });

  describe('startSwitchover', () => {
    it('is allowed only while the switchover stage runs', () => {
      expect(canPerform('startSwitchover', facts('running', { switchover: 'running' }))).toBe(true);
      for (const status of ['not_started', 'completed', 'failed', 'paused'] as const) {
        expect(checkTransition('startSwitchover', facts('running', { switchover: status }))).toEqual({
          allowed: false,
          reason: 'the project is not in forward switchover',
        });
      }
      expect(canPerform('startSwitchover', facts('running'))).toBe(false);
    });
  });

  describe('skipVerification', () => {
    it('is allowed while full verification runs, is paused or failed', () => {
      for (const project of ['running', 'paused', 'failed'] as const) {
        for (const stage of ['running', 'paused', 'failed'] as const) {
          expect(canPerform('skipVerification', facts(project, { verification: stage, switchover: 'not_started' }))).toBe(true);
        }
      }
    });

    it('says why it is refused', () => {
      const reason = (stages: Stages) => checkTransition('skipVerification', facts('running', stages)).reason;
      expect(reason({ full: 'running' })).toBe('the project has no full verification');
      expect(reason({ verification: 'not_started' })).toBe('full verification has not started');
      expect(reason({ verification: 'completed' })).toBe('full verification is already over');
      expect(reason({ verification: 'skipped' })).toBe('full verification is already over');
      expect(reason({ verification: 'running', switchover: 'running' })).toBe('the project is in forward switchover');
    });
  });
});

describe('nextStatus', () => {
  it('throws with the action and the reason', () => {
    expect(() => nextStatus('pause', facts('not_started'))).toThrow('pause: not possible while the project is Not Started (only when Running)');
    expect(() => nextStatus('release', facts('running'))).toThrow('release: not possible while the project is Running (only when Paused, Failed, Completed)');
    expect(() => nextStatus('delete', facts('releasing'))).toThrow('delete: not possible while the project is Releasing (only when Not Started, Released)');
    expect(() => nextStatus('enterSwitchover', facts('running', { verification: 'running', switchover: 'not_started' }))).toThrow(
      'enterSwitchover: full verification is not completed',
    );
  });
});

describe('allowedActions', () => {
  const expected: [string, ProjectFacts, UserAction[]][] = [
    [
      'Not Started',
      facts('not_started', { schema: 'not_started', full: 'not_started', switchover: 'not_started' }),
      ['start', 'delete', 'clone', 'edit', 'modifyParams', 'modifyObjects', 'modifyAlert', 'changeDataSource', 'precheck'],
    ],
    ['Running in full migration', facts('running', { full: 'running', incremental: 'running', verification: 'not_started', switchover: 'not_started' }), ['pause', 'clone', 'modifyAlert']],
    ['Running in full verification', facts('running', GUARD_PASSES.skipVerification), ['pause', 'clone', 'modifyAlert', 'skipVerification']],
    ['Running, verified', facts('running', GUARD_PASSES.enterSwitchover), ['pause', 'clone', 'modifyRunningObjects', 'modifyAlert', 'enterSwitchover']],
    ['Running in switchover', facts('running', GUARD_PASSES.startSwitchover), ['pause', 'clone', 'modifyAlert', 'startSwitchover']],
    ['Paused', facts('paused', { full: 'paused', verification: 'not_started' }), ['resume', 'release', 'clone', 'modifyParams', 'modifyAlert', 'changeDataSource', 'precheck']],
    ['Failed in verification', facts('failed', { verification: 'failed' }), ['resume', 'release', 'clone', 'modifyParams', 'modifyAlert', 'changeDataSource', 'precheck', 'skipVerification']],
    ['Completed', facts('completed'), ['release', 'clone']],
    ['Releasing', facts('releasing'), ['clone']],
    ['Released', facts('released'), ['delete', 'clone']],
    ['Modifying', facts('modifying'), ['clone']],
    ['Integrating', facts('integrating'), ['clone']],
  ];

  it.each(expected)('%s', (_label, projectFacts, actions) => {
    expect(allowedActions(projectFacts)).toEqual(actions);
  });
});
