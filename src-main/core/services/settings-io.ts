/**
 * Object settings files (F-13): the project definition as JSON and the object
 * list as CSV. An import is all or nothing: every problem is reported with
 * `file:line`, and nothing is written unless the whole file is good.
 */

import type { FileOut } from '../../../src-shared/contract/ipc';
import { AppError } from '../../../src-shared/errors';
import type { ProjectView } from '../../../src-shared/model';
import type { ProblemReport } from '../../../src-shared/settings/issues';
import { reportProblems, shownFileName } from '../../../src-shared/settings/issues';
import { formatObjectsCsv, parseObjectsCsv } from '../../../src-shared/settings/objects-csv';
import { formatProjectFile, parseProjectFile } from '../../../src-shared/settings/project-file';
import type { ProjectFile } from '../../../src-shared/settings/project-schema';
import { crossFieldProblems } from '../../../src-shared/settings/project-schema';
import { formatCount, quoteForMessage } from '../../../src-shared/text';
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
    return { fileName: `${fileSlug(project.name)}-objects.csv`, content: formatObjectsCsv(project.objects) };
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
