/**
 * What a stage page keeps of its project (copied tables and indexes, schema
 * objects, verification, the switchover, incremental synchronization),
 * opened once the page has mounted: the project itself, which StagePage asks
 * for as it mounts, comes first, then each piece in the order given, one
 * after the other, so that a small answer never waits behind a list of ten
 * thousand rows. Opened again for another project; closed when the page goes.
 */
import { onBeforeUnmount, onMounted, watch } from 'vue';

export interface ProjectData {
  open(id: string): unknown;
  close(id: string): void;
}

export function useProjectData(id: () => string, ...pieces: ProjectData[]): void {
  let opened: string | null = null;

  async function open(projectId: string): Promise<void> {
    opened = projectId;
    for (const piece of pieces) {
      if (opened !== projectId) return;
      await piece.open(projectId);
    }
  }

  onMounted(() => void open(id()));
  watch(id, (next) => void open(next));
  onBeforeUnmount(() => {
    opened = null;
    for (const piece of pieces) piece.close(id());
  });
}
