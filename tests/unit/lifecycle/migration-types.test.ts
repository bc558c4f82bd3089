import { describe, it, expect } from 'vitest';
import { componentsFor, sortTypes, stagesFor, switchoverStepsFor, toggleType, validateTypes } from '../../../src-shared/lifecycle/migration-types';
import type { MigrationType } from '../../../src-shared/model/project';
import { SWITCHOVER_STEPS } from '../../../src-shared/model/stage';

const ALL: MigrationType[] = ['schema', 'full', 'incremental', 'verification', 'reverse'];
const MOVE_NOTHING = 'choose at least one of Schema Migration, Full Migration or Incremental Synchronization';

describe('validateTypes', () => {
  it('accepts the usual combinations', () => {
    expect(validateTypes(['schema'])).toEqual([]);
    expect(validateTypes(['full'])).toEqual([]);
    expect(validateTypes(['incremental'])).toEqual([]);
    expect(validateTypes(['schema', 'full', 'verification'])).toEqual([]);
    expect(validateTypes(['schema', 'full', 'incremental', 'reverse'])).toEqual([]);
    expect(validateTypes(ALL)).toEqual([]);
  });

  it('refuses full verification without full migration', () => {
    expect(validateTypes(['schema', 'incremental', 'verification'])).toEqual(['Full Verification needs Full Migration']);
  });

  it('refuses reverse incremental without incremental synchronization', () => {
    expect(validateTypes(['schema', 'full', 'reverse'])).toEqual(['Reverse Incremental needs Incremental Synchronization']);
  });

  it('refuses a set that moves nothing', () => {
    expect(validateTypes([])).toEqual([MOVE_NOTHING]);
    expect(validateTypes(['verification', 'reverse'])).toEqual([
      MOVE_NOTHING,
      'Full Verification needs Full Migration',
      'Reverse Incremental needs Incremental Synchronization',
    ]);
  });

  it('refuses a type listed twice', () => {
    expect(validateTypes(['full', 'full'])).toEqual(['a migration type is listed twice']);
  });
});

describe('toggleType', () => {
  it('adds full migration when full verification is turned on', () => {
    expect(toggleType(['schema'], 'verification', true)).toEqual(['schema', 'full', 'verification']);
  });

  it('removes full verification when full migration is turned off', () => {
    expect(toggleType(['schema', 'full', 'verification'], 'full', false)).toEqual(['schema']);
  });

  it('adds incremental synchronization when reverse incremental is turned on', () => {
    expect(toggleType(['full'], 'reverse', true)).toEqual(['full', 'incremental', 'reverse']);
  });

  it('removes reverse incremental when incremental synchronization is turned off', () => {
    expect(toggleType(['schema', 'full', 'incremental', 'reverse'], 'incremental', false)).toEqual(['schema', 'full']);
  });

  it('turns a dependent type off alone, keeping what it needs', () => {
    expect(toggleType(ALL, 'verification', false)).toEqual(['schema', 'full', 'incremental', 'reverse']);
    expect(toggleType(ALL, 'reverse', false)).toEqual(['schema', 'full', 'incremental', 'verification']);
  });

  it('keeps the canonical order and no duplicates', () => {
    expect(toggleType(['reverse', 'incremental'], 'schema', true)).toEqual(['schema', 'incremental', 'reverse']);
    expect(toggleType(['full'], 'full', true)).toEqual(['full']);
    expect(toggleType(['full'], 'schema', false)).toEqual(['full']);
  });

  it('always yields a set that validates, from any set that did', () => {
    const valid = [['schema'], ['full'], ['full', 'verification'], ['incremental', 'reverse'], ALL] as MigrationType[][];
    for (const start of valid) {
      for (const type of ALL) {
        const on = toggleType(start, type, true);
        expect(validateTypes(on)).toEqual([]);
        const off = toggleType(start, type, false);
        // Turning the last moving type off leaves nothing to move, which validation reports.
        expect(validateTypes(off).filter((p) => p !== MOVE_NOTHING)).toEqual([]);
      }
    }
  });

  it('does not change the list it is given', () => {
    const types: MigrationType[] = ['schema', 'full', 'verification'];
    toggleType(types, 'full', false);
    expect(types).toEqual(['schema', 'full', 'verification']);
  });
});

describe('sortTypes', () => {
  it('puts types in the canonical order', () => {
    expect(sortTypes(['reverse', 'schema', 'incremental'])).toEqual(['schema', 'incremental', 'reverse']);
  });
});

describe('stagesFor', () => {
  it('runs the stages in order, switchover last before reverse', () => {
    expect(stagesFor(ALL)).toEqual(['schema', 'full', 'incremental', 'verification', 'switchover', 'reverse']);
  });

  it('always has a switchover stage', () => {
    expect(stagesFor(['schema'])).toEqual(['schema', 'switchover']);
    expect(stagesFor(['full', 'verification'])).toEqual(['full', 'verification', 'switchover']);
  });

  it('does not depend on the order of the types', () => {
    expect(stagesFor(['reverse', 'incremental', 'full'])).toEqual(['full', 'incremental', 'switchover', 'reverse']);
  });
});

describe('componentsFor', () => {
  it('lists the components in display order', () => {
    expect(componentsFor(ALL)).toEqual(['store', 'full-import', 'incr-sync', 'full-verification', 'reverse-store', 'reverse-incr-sync']);
  });

  it('needs no component for schema migration alone', () => {
    expect(componentsFor(['schema'])).toEqual([]);
  });

  it('runs a store with incremental synchronization only', () => {
    expect(componentsFor(['schema', 'full'])).toEqual(['full-import']);
    expect(componentsFor(['incremental'])).toEqual(['store', 'incr-sync']);
    expect(componentsFor(['full', 'verification'])).toEqual(['full-import', 'full-verification']);
  });
});

describe('switchoverStepsFor', () => {
  it('has all 8 steps with incremental and reverse', () => {
    expect(switchoverStepsFor(ALL)).toEqual([...SWITCHOVER_STEPS]);
    expect(switchoverStepsFor(['incremental', 'reverse'])).toHaveLength(8);
  });

  it('drops the reverse steps without reverse incremental', () => {
    expect(switchoverStepsFor(['schema', 'full', 'incremental'])).toEqual([
      'start',
      'precheck',
      'confirm-writes-stopped',
      'confirm-timestamp-synced',
      'stop-forward-sync',
      'process-objects',
    ]);
  });

  it('drops the synchronization steps without incremental synchronization', () => {
    expect(switchoverStepsFor(['schema', 'full'])).toEqual(['start', 'precheck', 'process-objects']);
  });
});
