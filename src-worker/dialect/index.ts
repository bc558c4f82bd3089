/** The dialect layer's entry points: DDL conversion for a destination flavour and view ordering. */

export { convertCharset } from './charsets';
export { convertTable } from './convert-table';
export { convertView } from './convert-view';
export { orderViews } from './view-order';
export { profileFor, profileOf } from './profiles';
export type { FlavourProfile } from './profiles';
