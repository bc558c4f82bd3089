/**
 * Object settings files (F-13): the project definition as JSON and the object
 * list as CSV, one project's or several projects' in one ZIP archive. An
 * import is all or nothing: every problem is reported with `file:line`, and
 * nothing is written unless the whole file is good.
 */

import type { FileOut, Responses } from '../../../src-shared/contract/ipc';
import { AppError } from '../../../src-shared/errors';
import type { Project, ProjectView } from '../../../src-shared/model';
import { formatCsv } from '../../../src-shared/settings/csv';
import type { ProblemReport } from '../../../src-shared/settings/issues';
import { reportProblems, shownFileName } from '../../../src-shared/settings/issues';
import { formatObjectsCsv, parseObjectsCsv } from '../../../src-shared/settings/objects-csv';
import { formatProjectFile, parseProjectFile } from '../../../src-shared/settings/project-file';
import type { ProjectFile } from '../../../src-shared/settings/project-schema';
import { crossFieldProblems } from '../../../src-shared/settings/project-schema';
import { formatCount, quoteForMessage, quoteList } from '../../../src-shared/text';
import { zipArchive } from '../zip';
import type { DataSourceService } from './datasources';
import type { ProjectService } from './projects';

/** The file's problems as details: the first ones, then a line counting the rest; the message counts them all. */
function invalidFile(fileName: string, report: ProblemReport): AppError {
  const count = report.problemCount;
  return new AppError({
    code: 'invalid_file',
    message: `${shownFileName(fileName)} has ${formatCount(count)} problem${count === 1 ? '' : 's'}; nothing was imported.`,
    details: report.errors,
    workaround: 'Correct the lines listed and import the file again.',
  });
}

function fileSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'project';
}

const objectsFileName = (base: string) => `${base}-objects.csv`;

/** A project's place in an archive of object settings. */
type ArchivedProject = Responses['objects/exportArchive']['projects'][number];

/** How many unknown ids an error's message names before "and N more" (the details then list them all). */
const NAMED_IN_MESSAGE = 3;

/** `<slug>-objects.csv` per project; a slug met again gets `-2`, `-3`… (skipping a name already taken), so every name is unique. */
function archiveFileNames(projects: readonly Project[]): string[] {
  const used = new Set<string>();
  const nextNumber = new Map<string, number>();
  return projects.map((project) => {
    const slug = fileSlug(project.name);
    let name = objectsFileName(slug);
    let number = nextNumber.get(slug) ?? 2;
    while (used.has(name)) name = objectsFileName(`${slug}-${number++}`);
    nextNumber.set(slug, number);
    used.add(name);
    return name;
  });
}

/** What the archive lists first: which file holds which project's settings (names alone may collide or say nothing, e.g. non-Latin ones). */
function archiveIndex(listed: readonly ArchivedProject[]): string {
  return formatCsv([['file', 'project_id', 'project_name'], ...listed.map((p) => [p.fileName, p.id, p.name])]);
}

export class SettingsIoService {
  constructor(
    private readonly projects: ProjectService,
    private readonly datasources: DataSourceService,
  ) {}

  exportProject(id: string): FileOut {
    const project = this.projects.require(id);
    const content = formatProjectFile({
      name: project.name,
      tags: project.tags,
      source: this.datasources.require(project.sourceId).name,
      destination: this.datasources.require(project.destinationId).name,
      types: project.types,
      objects: project.objects,
      options: project.options,
    });
    return { fileName: `${fileSlug(project.name)}.cutover.json`, content };
  }

  private read(fileName: string, content: string): ProjectFile {
    const parsed = parseProjectFile(content, fileName, { dataSourceExists: (name) => this.datasources.findByName(name) !== null });
    if (!parsed.ok) throw invalidFile(fileName, parsed);
    return parsed.value;
  }

  private draftOf(file: ProjectFile) {
    return {
      name: file.name,
      tags: file.tags,
      types: file.types,
      sourceId: this.datasources.requireByName(file.source).id,
      destinationId: this.datasources.requireByName(file.destination).id,
      objects: file.objects,
      options: file.options,
    };
  }

  createFromFile(fileName: string, content: string): ProjectView {
    const file = this.read(fileName, content);
    const existing = this.projects.findByName(file.name);
    if (existing) {
      throw invalidFile(
        fileName,
        reportProblems([
          `${shownFileName(fileName)}: a project named ${quoteForMessage(existing.name)} already exists (${existing.id}); use \`cutover project import\` to update it, or change "name"`,
        ]),
      );
    }
    return this.projects.create(this.draftOf(file));
  }

  /** Creates the project, or replaces the definition of the Not Started project with the same name. */
  importFile(fileName: string, content: string): { project: ProjectView; created: boolean } {
    const file = this.read(fileName, content);
    const existing = this.projects.findByName(file.name);
    if (!existing) return { project: this.projects.create(this.draftOf(file)), created: true };
    return { project: this.projects.update(existing.id, this.draftOf(file)), created: false };
  }

  exportObjects(id: string): FileOut {
    const project = this.projects.require(id);
    return { fileName: objectsFileName(fileSlug(project.name)), content: formatObjectsCsv(project.objects) };
  }

  /**
   * The object settings of several projects (ids unique, in the order given) as one ZIP archive:
   * projects.csv, then each project's CSV as exportObjects writes it. Nothing secret: no data source, no password.
   */
  exportObjectsArchive(ids: readonly string[], now = new Date()): Responses['objects/exportArchive'] {
    const projects = this.requireAll(ids);
    const fileNames = archiveFileNames(projects);
    const listed = projects.map((p, i) => ({ id: p.id, name: p.name, fileName: fileNames[i] }));
    const entries = [{ name: 'projects.csv', content: archiveIndex(listed) }, ...projects.map((p, i) => ({ name: fileNames[i], content: formatObjectsCsv(p.objects) }))];
    const count = projects.length;
    return {
      fileName: `object-settings-${count}-project${count === 1 ? '' : 's'}.zip`,
      content: zipArchive(entries, now).toString('base64'),
      encoding: 'base64',
      projects: listed,
    };
  }

  /** Every project asked for, or an error naming each id that is no project's. */
  private requireAll(ids: readonly string[]): Project[] {
    const found = ids.map((id) => this.projects.find(id));
    const missing = ids.filter((_, i) => found[i] === null);
    if (missing.length) {
      throw new AppError({
        code: 'not_found',
        message: `${formatCount(missing.length)} of the ${formatCount(ids.length)} projects asked for do${missing.length === 1 ? 'es' : ''} not exist: ${quoteList(missing, NAMED_IN_MESSAGE)}.`,
        details: missing.length > NAMED_IN_MESSAGE ? missing.map((id) => `${quoteForMessage(id)}: no such project`) : undefined,
        workaround: 'Reload the project list (or run `cutover project list`) and choose the projects again.',
        retryable: false,
      });
    }
    return found.filter((p): p is Project => p !== null);
  }

  /** Replaces the project's tables and include rules with the file's rows; exclude rules stay. */
  importObjects(id: string, fileName: string, content: string): ProjectView {
    const project = this.projects.require(id);
    this.projects.assertAllowed(project, 'modifyObjects');
    const parsed = parseObjectsCsv(content, fileName);
    if (!parsed.ok) throw invalidFile(fileName, parsed);
    const objects = { include: parsed.value.include, exclude: project.objects.exclude, tables: parsed.value.tables };
    const problems = crossFieldProblems({ objects });
    if (problems.length) throw invalidFile(fileName, reportProblems(problems.map((p) => `${shownFileName(fileName)}: ${p.message}`)));
    return this.projects.updateObjects(id, objects);
  }
}
