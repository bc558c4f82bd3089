/**
 * Table options of a replayed CREATE or ALTER TABLE for the destination, the
 * way the schema stage writes them (convert-table.ts): ENGINE kept only where
 * the destination has it, ROW_FORMAT only where it has that row format, and
 * the table's character set and collation converted.
 */

import { CharsetScope, changeNote } from './replay-charsets';
import type { ReplayStatement } from './replay-statement';
import { isPunct, isWord, topLevelIndexes, valueName } from './sql-tokens';
import type { TokenRange } from './sql-tokens';

const TRANSACTIONAL_REASON = 'Cutover applies changes in transactions together with its checkpoint, which needs a transactional engine.';
const NO_ENGINE_REASON = 'The destination has its own storage engine and no ENGINE option.';
const ROW_FORMAT_REASON = 'The destination has no such row format; it stores the rows its own way.';

/** Token indexes [from, to] (inclusive) of one option to take out. */
interface Removal {
  from: number;
  to: number;
}

/** `[STORAGE] ENGINE [=] name` at `i`: the index of the name, or -1. */
function engineValue(statement: ReplayStatement, i: number): number {
  const tokens = statement.tokens;
  let k = isWord(tokens[i], 'STORAGE') ? i + 1 : i;
  if (!isWord(tokens[k], 'ENGINE')) return -1;
  k++;
  if (isPunct(tokens[k], '=')) k++;
  return valueName(tokens[k]) === null ? -1 : k;
}

/** Rewrites or removes one ENGINE option; returns true when it is to be removed. */
function convertEngine(statement: ReplayStatement, value: number, object: string): boolean {
  const engine = valueName(statement.tokens[value])!;
  const { storageEngines } = statement.context.to;
  if (storageEngines.some((e) => e.toLowerCase() === engine.toLowerCase())) return false;
  const replacement = storageEngines[0];
  statement.note(changeNote(object, { from: `ENGINE=${engine}`, to: replacement ? `ENGINE=${replacement}` : '(none)', lossy: false, reason: replacement ? TRANSACTIONAL_REASON : NO_ENGINE_REASON }));
  if (replacement) statement.edits.replace(statement.tokens[value], replacement);
  return !replacement;
}

/** Merges removals of adjacent tokens, so that each run is taken out with only one side of its spacing. */
function mergedRuns(removals: Removal[]): Removal[] {
  const runs: Removal[] = [];
  for (const r of [...removals].sort((a, b) => a.from - b.from)) {
    const last = runs[runs.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else runs.push({ ...r });
  }
  return runs;
}

/**
 * Converts the options in each range (one range per ALTER TABLE clause, or the
 * one run of options after CREATE TABLE's columns, where `commaSeparated` says
 * commas may separate them). Returns, per range, whether every token in it was
 * an option to remove: the caller then removes the range as a whole.
 */
export function convertTableOptions(statement: ReplayStatement, ranges: TokenRange[], object: string, commaSeparated: boolean): boolean[] {
  const tokens = statement.tokens;
  const charsets = new CharsetScope(statement, object);
  const emptied = ranges.map((range) => {
    const removals: Removal[] = [];
    let next = range.from;
    for (const i of topLevelIndexes(tokens, range)) {
      if (i < next) continue;
      const clause = isWord(tokens[i], 'DEFAULT') ? i + 1 : i;
      const afterCharset = charsets.read(clause);
      if (afterCharset > clause) {
        next = afterCharset;
        continue;
      }
      const engine = engineValue(statement, i);
      if (engine >= 0) {
        if (convertEngine(statement, engine, object)) removals.push({ from: i, to: engine });
        next = engine + 1;
      } else if (isWord(tokens[i], 'ROW_FORMAT')) {
        const value = isPunct(tokens[i + 1], '=') ? i + 2 : i + 1;
        const format = valueName(tokens[value]);
        if (format !== null && !statement.context.to.rowFormats.includes(format.toUpperCase())) {
          statement.note(changeNote(object, { from: `ROW_FORMAT=${format}`, to: '(default)', lossy: false, reason: ROW_FORMAT_REASON }));
          removals.push({ from: i, to: value });
        }
        next = value + 1;
      }
    }
    // `ENGINE=MyISAM, DEFAULT CHARSET=latin1`: an option goes with the comma after it, or before it at the end.
    if (commaSeparated) for (const r of removals) if (r.to + 1 < range.to && isPunct(tokens[r.to + 1], ',')) r.to++;
    const runs = mergedRuns(removals);
    if (commaSeparated) for (const r of runs) if (!isPunct(tokens[r.to], ',') && r.from > range.from && isPunct(tokens[r.from - 1], ',')) r.from--;
    const removed = runs.reduce((n, r) => n + r.to - r.from + 1, 0);
    if (removed === range.to - range.from) return true;
    for (const run of runs) {
      // Take out the spacing before the option, or after it when the option opens the range.
      if (run.from > range.from) statement.edits.remove({ start: tokens[run.from - 1].end, end: tokens[run.to].end });
      else statement.edits.remove({ start: tokens[run.from].start, end: tokens[run.to + 1].start });
    }
    return false;
  });
  charsets.convert();
  return emptied;
}

/** `PARTITION p0 ... ENGINE = InnoDB`: each partition may name an engine, converted like the table's. */
export function convertPartitionEngines(statement: ReplayStatement, range: TokenRange, object: string): void {
  const tokens = statement.tokens;
  for (let i = range.from; i < range.to; i++) {
    const value = engineValue(statement, i);
    if (value < 0) continue;
    if (convertEngine(statement, value, object)) statement.edits.remove({ start: tokens[i - 1].end, end: tokens[value].end });
    i = value;
  }
}
