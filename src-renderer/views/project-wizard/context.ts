/**
 * The wizard's shared state: the draft being edited and the issues found by
 * the shared project schema, provided by the wizard view to its steps.
 */
import type { InjectionKey, Ref } from 'vue';
import { inject } from 'vue';
import type { MigrationType, Project } from '../../../src-shared/model/project';
import type { ObjectSelection } from '../../../src-shared/model/objects';
import type { ProjectOptions } from '../../../src-shared/model/options';
import { defaultOptions } from '../../../src-shared/model/options';
import type { IssueMap } from '../../utils/draft-issues';

/** What the wizard submits, shaped as projectDraftSchema expects. */
export interface WizardDraft {
  name: string;
  tags: string[];
  types: MigrationType[];
  sourceId: string;
  destinationId: string;
  objects: ObjectSelection;
  options: ProjectOptions;
}

export interface WizardContext {
  draft: WizardDraft;
  /** Issues of the steps the user has tried to leave, keyed by field path. */
  issues: Ref<IssueMap>;
}

export const WIZARD_KEY: InjectionKey<WizardContext> = Symbol('wizard');

export function useWizard(): WizardContext {
  const context = inject(WIZARD_KEY);
  if (!context) throw new Error('A wizard step must be inside the project wizard.');
  return context;
}

export function emptyDraft(): WizardDraft {
  return {
    name: '',
    tags: [],
    // OMS's usual set for a migration with downtime only at the switchover.
    types: ['schema', 'full', 'incremental'],
    sourceId: '',
    destinationId: '',
    objects: { include: [], exclude: [], tables: [] },
    options: defaultOptions(),
  };
}

export function draftFromProject(project: Project): WizardDraft {
  // A deep copy, so editing never touches the store's object.
  const copy = JSON.parse(JSON.stringify(project)) as Project;
  return {
    name: copy.name,
    tags: copy.tags,
    types: copy.types,
    sourceId: copy.sourceId,
    destinationId: copy.destinationId,
    objects: copy.objects,
    options: { ...defaultOptions(), ...copy.options },
  };
}

export interface WizardStep {
  key: string;
  title: string;
  description: string;
  /** Top-level draft fields this step edits; its Next checks only these. */
  fields: (keyof WizardDraft)[];
}

export const WIZARD_STEPS: WizardStep[] = [
  { key: 'endpoints', title: 'Source & Destination', description: 'name, tags and data sources', fields: ['name', 'tags', 'sourceId', 'destinationId'] },
  { key: 'types', title: 'Migration Types', description: 'what to migrate and how', fields: ['types'] },
  { key: 'objects', title: 'Objects', description: 'databases, tables and rules', fields: ['objects'] },
  { key: 'options', title: 'Options', description: 'concurrency, limits and alerts', fields: ['options'] },
  { key: 'save', title: 'Precheck & Save', description: 'save, then check both servers', fields: [] },
];
