/**
 * Which stages have a page of their own, and its linkable address. Stages
 * without one (switchover) are not built yet; their rows stay plain text.
 */
import type { StageId } from '../../src-shared/model/stage';

const PAGES: Partial<Record<StageId, string>> = { schema: 'schema', full: 'full', incremental: 'incremental', verification: 'verification', reverse: 'reverse' };

export function stagePagePath(projectId: string, stage: StageId): string | null {
  const page = PAGES[stage];
  return page ? `/projects/${projectId}/${page}` : null;
}
