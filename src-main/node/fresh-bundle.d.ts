export declare const WORKER_SOURCES: string[];
export declare const CLI_SOURCES: string[];
/** True when `bundle` (relative to `root`) exists and is newer than every file under `sourceDirs`. */
export declare function freshBundle(root: string, bundle: string, sourceDirs: string[]): boolean;
