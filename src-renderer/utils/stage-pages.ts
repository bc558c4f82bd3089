/** Which stages have a page of their own, and its linkable address. Every stage has one. */
import type { StageId } from '../../src-shared/model/stage';

const PAGES: Record<StageId, string> = {
  schema: 'schema',
  full: 'full',
  incremental: 'incremental',
  verification: 'verification',
  switchover: 'switchover',
  reverse: 'reverse',
};

export function stagePagePath(projectId: string, stage: StageId): string {
  return `/projects/${projectId}/${PAGES[stage]}`;
}
