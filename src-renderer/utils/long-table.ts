/**
 * How a table that can grow long is drawn (a thousand projects, ten thousand
 * tables, schema objects or indexes): past a screenful of rows, only the rows
 * in view are rendered (naive-ui's virtual scroll) in a body as tall as the
 * window allows, so the page costs the same at ten thousand rows as at thirty.
 * Shorter tables are drawn whole. Bind it on an NDataTable with
 * `v-bind="longTable(rows.length)"`.
 */

/** Up to this many rows a table is drawn whole. */
export const WHOLE_UP_TO = 30;

/** The body's height once virtual: the window's height less the page around it, never under 360 px. */
export const LONG_TABLE_HEIGHT = 'max(360px, calc(100vh - 300px))';

/** The body's height once virtual for a table inside a step or a panel of its own. */
export const SHORT_TABLE_HEIGHT = '480px';

export interface LongTableProps {
  virtualScroll: boolean;
  maxHeight?: string;
  /** What a row is expected to take before it is measured; rows taller than it are measured as they show. */
  minRowHeight?: number;
}

export function longTable(rows: number, maxHeight: string = LONG_TABLE_HEIGHT): LongTableProps {
  return rows > WHOLE_UP_TO ? { virtualScroll: true, maxHeight, minRowHeight: 40 } : { virtualScroll: false };
}
