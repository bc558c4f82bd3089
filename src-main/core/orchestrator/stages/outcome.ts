/** How a stage run ended. `waiting`: it needs the user (switchover steps), nothing runs meanwhile; `skipped`: the user skipped it while it ran. */
export type StageOutcome = { kind: 'completed' } | { kind: 'paused' } | { kind: 'waiting' } | { kind: 'skipped' } | { kind: 'failed'; error: string };
