/**
 * The two directions of incremental synchronization as the pages name them:
 * forward (the source's binlog replayed on the destination, F-32) and
 * reverse (the destination's binlog replayed on the source after the
 * switchover, F-35). One page, one set of panels; what differs is here.
 */
import type { ComponentKind } from '../../src-shared/model/stage';

export const SYNC_DIRECTIONS = ['forward', 'reverse'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

export interface DirectionInfo {
  stage: 'incremental' | 'reverse';
  /** The component that captures the binlog it reads, and the one that replays it. */
  store: Extract<ComponentKind, 'store' | 'reverse-store'>;
  replay: Extract<ComponentKind, 'incr-sync' | 'reverse-incr-sync'>;
  /** The server whose binlog is read, and the one written. */
  from: 'Source' | 'Destination';
  to: 'Source' | 'Destination';
  performanceTab: string;
  /** Where the Store reads, for the capture position. */
  captureLabel: string;
}

export const DIRECTIONS: Record<SyncDirection, DirectionInfo> = {
  forward: {
    stage: 'incremental',
    store: 'store',
    replay: 'incr-sync',
    from: 'Source',
    to: 'Destination',
    performanceTab: 'Incremental Synchronization Performance',
    captureLabel: "Capture Position (Store, source's binlog)",
  },
  reverse: {
    stage: 'reverse',
    store: 'reverse-store',
    replay: 'reverse-incr-sync',
    from: 'Destination',
    to: 'Source',
    performanceTab: 'Reverse Incremental Migration Performance',
    captureLabel: "Capture Position (Store, destination's binlog)",
  },
};
