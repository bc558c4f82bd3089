import { describe, expect, it } from 'vitest';
import { checkComponentAction } from '../../../src-shared/lifecycle/component-actions';
import { PROJECT_STATUSES } from '../../../src-shared/model/project';
import type { ComponentStatus } from '../../../src-shared/model/stage';

const component = (status: ComponentStatus, held: boolean) => ({ kind: 'incr-sync' as const, status, held });

describe('pausing and starting one component', () => {
  it('pauses a component only while the project runs', () => {
    for (const status of PROJECT_STATUSES) {
      const verdict = checkComponentAction('pause', status, component('running', false));
      expect(verdict.allowed, status).toBe(status === 'running');
      if (status !== 'running') expect(verdict.reason).toMatch(/only while the project runs/);
    }
  });

  it('pauses a component that runs or keeps restarting, not one that has not started, stopped, completed or is paused already', () => {
    expect(checkComponentAction('pause', 'running', component('starting', false)).allowed).toBe(true);
    expect(checkComponentAction('pause', 'running', component('failed', false)).allowed).toBe(true);
    expect(checkComponentAction('pause', 'running', component('not_started', false))).toEqual({ allowed: false, reason: 'Incr-Sync has not started: it starts with its stage' });
    expect(checkComponentAction('pause', 'running', component('stopped', false))).toEqual({ allowed: false, reason: 'Incr-Sync is not running' });
    expect(checkComponentAction('pause', 'running', { kind: 'full-import', status: 'completed', held: false })).toEqual({ allowed: false, reason: 'Full-Import has completed' });
    expect(checkComponentAction('pause', 'running', component('paused', true))).toEqual({ allowed: false, reason: 'Incr-Sync is already paused' });
  });

  it('starts only a component paused on its own; the others run with the project', () => {
    expect(checkComponentAction('start', 'running', component('paused', true)).allowed).toBe(true);
    expect(checkComponentAction('start', 'paused', component('paused', true)).allowed).toBe(true);
    expect(checkComponentAction('start', 'failed', component('paused', true)).allowed).toBe(true);
    const notHeld = checkComponentAction('start', 'paused', component('paused', false));
    expect(notHeld.allowed).toBe(false);
    expect(notHeld.reason).toMatch(/runs with the project/);
    expect(checkComponentAction('start', 'released', component('paused', true)).allowed).toBe(false);
    expect(checkComponentAction('start', 'completed', component('paused', true)).allowed).toBe(false);
  });
});
