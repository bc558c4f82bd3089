/** How a stage run ended. `waiting`: it needs the user (switchover steps), nothing runs meanwhile. */
export type StageOutcome = { kind: 'completed' } | { kind: 'paused' } | { kind: 'waiting' } | { kind: 'failed'; error: string };
