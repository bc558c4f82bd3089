/** Cutover's own DDL on its meta schema is never listed as the user's. */

import { expect, it } from 'vitest';
import { isOwnStatement } from '../../../src-worker/units/store/binlog-reader';

it("tells Cutover's statements on cutover_meta from the user's DDL", () => {
  expect(isOwnStatement('cutover_meta', 'CREATE TABLE IF NOT EXISTS `heartbeat` (x INT)')).toBe(true);
  expect(isOwnStatement(null, 'CREATE DATABASE IF NOT EXISTS `cutover_meta`')).toBe(true);
  expect(isOwnStatement('shop', 'CREATE TABLE IF NOT EXISTS `cutover_meta`.`replay_checkpoint` (project_id VARCHAR(64))')).toBe(true);
  expect(isOwnStatement('shop', 'CREATE TABLE IF NOT EXISTS cutover_meta.writer_fence (a INT)')).toBe(true);
  expect(isOwnStatement('shop', 'ALTER TABLE orders ADD COLUMN cutover_meta_note INT')).toBe(false);
  expect(isOwnStatement('shop', 'CREATE TABLE t (cutover_meta INT)')).toBe(false);
  expect(isOwnStatement('shop', 'ALTER TABLE orders ADD COLUMN x INT')).toBe(false);
});
