/**
 * Sizes a project definition and its files may not exceed: far above any real
 * project, low enough that every import is checked in well under a second.
 * Each bound is checked before the part it protects is parsed.
 */

/** Characters in an imported file (the request limit of every file import). */
export const MAX_FILE_CHARS = 20_000_000;
/** Nesting of lists and objects in a project file; the file itself needs four. */
export const MAX_JSON_DEPTH = 64;
/** Entries in one list or object of a project file. */
export const MAX_JSON_ENTRIES = 100_000;
/** Characters in any one text of a project definition (a name, a rule, a row filter). */
export const MAX_TEXT_CHARS = 10_000;
/** Include rules, and exclude rules, of one project. */
export const MAX_RULES = 10_000;
/** Table entries of one project. */
export const MAX_TABLES = 100_000;
/** Columns in one table's column list (the most a MariaDB table can have). */
export const MAX_COLUMNS = 4096;
/** Rows of an objects CSV: one per table or include rule. */
export const MAX_CSV_ROWS = MAX_TABLES + MAX_RULES;
/** Problems worded in full when a file is refused; the rest are counted. */
export const MAX_SHOWN_PROBLEMS = 100;
