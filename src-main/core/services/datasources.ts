/** Data sources (F-03): named connections with sealed passwords, tested through a probe worker. */

import type { Catalog } from '../../../src-shared/contract/ipc';
import { AppError, notFound } from '../../../src-shared/errors';
import type { ConnectionConfig, ConnectionTestResult, DataSource, DataSourceInput, DataSourcePatch } from '../../../src-shared/model';
import type { EventBus } from '../events';
import type { SecretStore, WorkerLauncher } from '../host';
import { newId, nowIso } from '../ids';
import type { Redactor } from '../redactor';
import type { DataSourcesRepo, StoredDataSource } from '../state/repos/datasources-repo';
import { publicView } from '../state/repos/datasources-repo';
import { runUnit } from '../workers/run-unit';
import type { LogService } from './logs';

const PROBE_TIMEOUT_MS = 60_000;

export class DataSourceService {
  constructor(
    private readonly repo: DataSourcesRepo,
    private readonly secrets: SecretStore,
    private readonly launcher: WorkerLauncher,
    private readonly events: EventBus,
    private readonly logs: LogService,
    private readonly redactor: Redactor,
  ) {}

  list(): DataSource[] {
    return this.repo.list().map(publicView);
  }

  get(id: string): DataSource {
    return publicView(this.require(id));
  }

  require(id: string): StoredDataSource {
    const found = this.repo.get(id);
    if (!found) throw notFound(`Data source ${id}`, 'List the data sources to find its id.');
    return found;
  }

  requireByName(name: string): StoredDataSource {
    const found = this.repo.findByName(name);
    if (!found) throw notFound(`Data source "${name}"`, 'List them with `cutover datasource list`, or add it with `cutover datasource add`.');
    return found;
  }

  findByName(name: string): StoredDataSource | null {
    return this.repo.findByName(name);
  }

  private assertNameFree(name: string, exceptId?: string): void {
    const existing = this.repo.findByName(name);
    if (existing && existing.id !== exceptId) {
      throw new AppError({ code: 'conflict', message: `A data source named "${existing.name}" already exists.`, workaround: 'Choose another name, or edit the existing one.' });
    }
  }

  create(input: DataSourceInput): DataSource {
    this.assertNameFree(input.name);
    this.redactor.remember(input.password);
    const now = nowIso();
    const source: StoredDataSource = {
      id: newId('ds'),
      name: input.name,
      host: input.host,
      port: input.port,
      user: input.user,
      database: input.database || null,
      tls: input.tls ?? { mode: 'off' },
      flavour: null,
      version: null,
      lastTest: null,
      createdAt: now,
      updatedAt: now,
      passwordSealed: this.secrets.seal(input.password),
    };
    this.repo.insert(source);
    this.logs.write('info', 'host', `Data source "${source.name}" added (${source.user}@${source.host}:${source.port}).`);
    this.events.emit('datasources/changed', { id: source.id });
    return publicView(source);
  }

  update(id: string, patch: DataSourcePatch): DataSource {
    const current = this.require(id);
    if (patch.name !== undefined) this.assertNameFree(patch.name, id);
    if (patch.password !== undefined) this.redactor.remember(patch.password);
    const endpointMoved =
      (patch.host !== undefined && patch.host !== current.host) ||
      (patch.port !== undefined && patch.port !== current.port) ||
      (patch.user !== undefined && patch.user !== current.user) ||
      patch.password !== undefined;
    const next: StoredDataSource = {
      ...current,
      name: patch.name ?? current.name,
      host: patch.host ?? current.host,
      port: patch.port ?? current.port,
      user: patch.user ?? current.user,
      database: patch.database === undefined ? current.database : patch.database || null,
      tls: patch.tls ?? current.tls,
      lastTest: endpointMoved ? null : current.lastTest,
      passwordSealed: patch.password !== undefined ? this.secrets.seal(patch.password) : current.passwordSealed,
      updatedAt: nowIso(),
    };
    this.repo.update(next);
    this.logs.write('info', 'host', `Data source "${next.name}" changed.`);
    this.events.emit('datasources/changed', { id });
    return publicView(next);
  }

  remove(id: string): void {
    const source = this.require(id);
    const users = this.repo.usedBy(id);
    if (users.length) {
      throw new AppError({
        code: 'conflict',
        message: `Data source "${source.name}" is used by project${users.length > 1 ? 's' : ''} ${users.join(', ')}.`,
        workaround: 'Delete those projects or change their data source first.',
      });
    }
    this.repo.remove(id);
    this.logs.write('info', 'host', `Data source "${source.name}" removed.`);
    this.events.emit('datasources/changed', { id });
  }

  /** The connection a worker needs, with the password opened. Only ever sent over a process pipe. */
  connectionConfig(source: StoredDataSource): ConnectionConfig {
    const password = this.secrets.open(source.passwordSealed);
    this.redactor.remember(password);
    return { host: source.host, port: source.port, user: source.user, password, database: source.database, tls: source.tls };
  }

  /** The connection a test uses: a saved source, a saved source with edits, or an unsaved form. */
  private testConnection(target: { id: string } | { draft: DataSourceInput } | { id: string; patch: DataSourcePatch }): ConnectionConfig {
    if ('draft' in target) {
      const d = target.draft;
      this.redactor.remember(d.password);
      return { host: d.host, port: d.port, user: d.user, password: d.password, database: d.database || null, tls: d.tls ?? { mode: 'off' } };
    }
    const saved = this.connectionConfig(this.require(target.id));
    if (!('patch' in target)) return saved;
    const p = target.patch;
    if (p.password !== undefined) this.redactor.remember(p.password);
    return {
      host: p.host ?? saved.host,
      port: p.port ?? saved.port,
      user: p.user ?? saved.user,
      password: p.password ?? saved.password,
      database: p.database === undefined ? saved.database : p.database || null,
      tls: p.tls ?? saved.tls,
    };
  }

  /**
   * Tests a connection. Failures are results, not exceptions. Only a test of the
   * saved data source as it is records its flavour and version.
   */
  async test(target: { id: string } | { draft: DataSourceInput } | { id: string; patch: DataSourcePatch }): Promise<ConnectionTestResult> {
    const saved = 'id' in target && !('patch' in target) ? this.require(target.id) : null;
    const config = this.testConnection(target);
    const started = Date.now();
    let result: ConnectionTestResult;
    try {
      const probe = await runUnit(this.launcher, 'probe', { op: 'test', connection: config }, { timeoutMs: PROBE_TIMEOUT_MS });
      if (probe.op !== 'test') throw new AppError({ code: 'worker_failed', message: 'The probe worker answered the wrong question.' });
      const identity = probe.identity;
      result = {
        ok: identity.flavour !== null,
        at: nowIso(),
        flavour: identity.flavour,
        version: identity.version,
        versionString: identity.versionString,
        elapsedMs: Date.now() - started,
        ...(identity.flavour ? {} : { error: { code: 'unsupported_server', message: identity.unsupportedReason ?? 'Unsupported server.' } }),
      };
    } catch (error) {
      const e = error instanceof AppError ? error : new AppError({ code: 'internal', message: String(error) });
      result = {
        ok: false,
        at: nowIso(),
        flavour: null,
        version: null,
        versionString: null,
        elapsedMs: Date.now() - started,
        error: { code: e.code, message: this.redactor.redact(e.message), ...(e.workaround ? { workaround: e.workaround } : {}) },
      };
    }
    if (saved) {
      this.repo.recordTest(saved.id, result);
      this.logs.write(result.ok ? 'info' : 'warn', 'host', `Connection test of "${saved.name}": ${result.ok ? `${result.versionString}` : result.error?.message}`);
      this.events.emit('datasources/changed', { id: saved.id });
    }
    return result;
  }

  async catalog(id: string): Promise<Catalog> {
    const source = this.require(id);
    const probe = await runUnit(this.launcher, 'probe', { op: 'catalog', connection: this.connectionConfig(source) }, { timeoutMs: PROBE_TIMEOUT_MS });
    if (probe.op !== 'catalog') throw new AppError({ code: 'worker_failed', message: 'The probe worker answered the wrong question.' });
    return { databases: probe.databases, objects: probe.objects };
  }
}
