/**
 * A component the user paused on its own (F-23 "Pause" on one component):
 * it stays paused while the rest of the project runs, across project pauses
 * and host restarts, until the user starts it again.
 */
export default /* sql */ `
ALTER TABLE components ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
`;
