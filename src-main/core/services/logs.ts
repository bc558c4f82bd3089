import type { LogEntry, LogLevel } from '../../../src-shared/model';
import { nowIso } from '../ids';
import type { Redactor } from '../redactor';
import type { ActivityRepo, LogQuery } from '../state/repos/activity-repo';

/** Writes and reads the persistent log shown per project and per component. */
export class LogService {
  constructor(
    private readonly repo: ActivityRepo,
    private readonly redactor: Redactor,
  ) {}

  write(level: LogLevel, source: string, message: string, projectId: string | null = null): void {
    this.repo.addLog({ ts: nowIso(), projectId, source, level, message: this.redactor.redact(message) });
  }

  list(query: LogQuery): LogEntry[] {
    return this.repo.logs(query);
  }
}
