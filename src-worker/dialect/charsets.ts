/**
 * Character set and collation of a column or table on the destination: the
 * `utf8` spelling made explicit, character sets the destination lacks folded
 * into utf8mb4, collations it lacks replaced by the closest one it has.
 */

import type { Change } from './notes';
import type { FlavourProfile } from './profiles';

export interface Charset {
  charset: string | null;
  collation: string | null;
}

/** The character set a collation belongs to: its name up to the first `_` (gb18030_2022 has one of its own). */
export function charsetOfCollation(collation: string): string {
  if (collation === 'binary') return 'binary';
  if (collation.startsWith('gb18030_2022_')) return 'gb18030_2022';
  return collation.slice(0, collation.indexOf('_'));
}

/** MySQL 5.7 and older MariaDB print the 3-byte UTF-8 set as `utf8`; `utf8mb3` says the same without ambiguity. */
function explicitUtf8(value: Charset): Charset {
  const charset = value.charset === 'utf8' ? 'utf8mb3' : value.charset;
  const collation = value.collation?.startsWith('utf8_') ? `utf8mb3_${value.collation.slice('utf8_'.length)}` : value.collation;
  return { charset, collation };
}

export function hasCollation(profile: FlavourProfile, collation: string): boolean {
  if (profile.collations) return profile.collations.includes(collation);
  if (collation in profile.collationFallbacks) return false;
  return !profile.missingCollations.some((pattern) => pattern.test(collation));
}

function hasCharset(profile: FlavourProfile, charset: string): boolean {
  return profile.charsets === null || profile.charsets.includes(charset);
}

function defaultCollation(profile: FlavourProfile, charset: string): string {
  return profile.defaultCollations[charset] ?? `${charset}_bin`;
}

/** The closest collation the destination has, in order: the profile's fallback, the PAD SPACE twin of a NO PAD collation, the character set's default. */
function closestCollation(profile: FlavourProfile, charset: string, collation: string): string {
  const candidates = [profile.collationFallbacks[collation], collation.replace('_nopad', ''), defaultCollation(profile, charset), `${charset}_bin`];
  const found = candidates.find((c) => c !== undefined && charsetOfCollation(c) === charset && hasCollation(profile, c));
  return found ?? defaultCollation(profile, charset);
}

/** The destination's character set and collation for a source pair, with every change made to it. */
export function convertCharset(source: Charset, to: FlavourProfile): Charset & { changes: Change[] } {
  if (source.charset === null && source.collation === null) return { ...source, changes: [] };
  const changes: Change[] = [];
  let { charset, collation } = explicitUtf8(source);
  charset ??= charsetOfCollation(collation!);
  collation ??= defaultCollation(to, charset);

  if (charset === 'utf8mb3' && to.utf8mb3As === 'utf8mb4') {
    const folded = `utf8mb4_${collation.slice('utf8mb3_'.length)}`;
    changes.push({
      from: `${charset} ${collation}`,
      to: `utf8mb4 ${folded}`,
      lossy: false,
      reason: 'The destination treats utf8 and utf8mb3 as utf8mb4: every value fits, and a character may take 4 bytes instead of 3.',
    });
    charset = 'utf8mb4';
    collation = folded;
  } else if (!hasCharset(to, charset)) {
    const replacement = collation.endsWith('_bin') ? 'utf8mb4_bin' : defaultCollation(to, 'utf8mb4');
    changes.push({
      from: `${charset} ${collation}`,
      to: `utf8mb4 ${replacement}`,
      lossy: false,
      reason: `The destination has no ${charset} character set; utf8mb4 holds every character of it, stored in UTF-8.`,
    });
    charset = 'utf8mb4';
    collation = replacement;
  }

  if (!hasCollation(to, collation)) {
    const replacement = closestCollation(to, charset, collation);
    changes.push({
      from: collation,
      to: replacement,
      lossy: true,
      reason: `The destination has no ${collation} collation; ${replacement} compares and sorts some strings differently, so ordering may change and a unique key may reject values the source kept apart.`,
    });
    collation = replacement;
  }
  return { charset, collation, changes };
}
