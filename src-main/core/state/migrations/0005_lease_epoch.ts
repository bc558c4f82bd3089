/**
 * Fencing for the one-writer-per-project lease: an epoch that grows at every
 * acquisition, kept after a release so that it never goes back. Every write
 * that moves a project's run forward is checked against it (lease.ts).
 */
export default /* sql */ `
ALTER TABLE leases ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
`;
