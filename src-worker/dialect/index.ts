/** The dialect layer's entry points: DDL conversion for a destination flavour, view ordering and the replay of binlog DDL. */

export { convertCharset } from './charsets';
export { convertTable } from './convert-table';
export { convertView } from './convert-view';
export { orderViews } from './view-order';
export { profileFor, profileOf } from './profiles';
export { planReplayDdl } from './replay-ddl';
export type { ReplayDdl, ReplayDdlContext, ReplayDdlKind } from './replay-ddl';
export type { FlavourProfile } from './profiles';
