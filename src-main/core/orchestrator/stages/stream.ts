/**
 * The two directions of incremental synchronization as data: forward (the
 * source's binlog replayed on the destination, F-32) and reverse (the
 * destination's binlog replayed on the source after the switchover, F-35).
 * Both run the same Store and Incr-Sync units; what differs is which server
 * is read, which is written, the id their rows carry on the servers, and
 * where the host records them.
 */

import type { ComponentKind, StageId } from '../../../../src-shared/model';
import { reverseStreamId } from '../../../../src-shared/model/incremental';
import type { IncrementalRepo } from '../../state/repos/incremental-repo';
import type { RunContext } from '../run-context';

export type Side = 'source' | 'destination';

export interface SyncStream {
  direction: 'forward' | 'reverse';
  /** The id the stream's units write under: checkpoint, heartbeat and fence rows on the servers, and its change log's file name. */
  id: string;
  stage: Extract<StageId, 'incremental' | 'reverse'>;
  store: Extract<ComponentKind, 'store' | 'reverse-store'>;
  replay: Extract<ComponentKind, 'incr-sync' | 'reverse-incr-sync'>;
  repo: IncrementalRepo;
  /** The server whose binlog is captured; the replay writes to the other one. */
  reads: Side;
  writes: Side;
  /** The applier of the opposite direction: what it writes into the server read here is dropped (loop avoidance). */
  peerId: string;
}

export function forwardStream(context: RunContext): SyncStream {
  const { projectId, services } = context;
  return {
    direction: 'forward',
    id: projectId,
    stage: 'incremental',
    store: 'store',
    replay: 'incr-sync',
    repo: services.incremental,
    reads: 'source',
    writes: 'destination',
    peerId: reverseStreamId(projectId),
  };
}

export function reverseStream(context: RunContext): SyncStream {
  const { projectId, services } = context;
  return {
    direction: 'reverse',
    id: reverseStreamId(projectId),
    stage: 'reverse',
    store: 'reverse-store',
    replay: 'reverse-incr-sync',
    repo: services.reverse,
    reads: 'destination',
    writes: 'source',
    peerId: projectId,
  };
}
