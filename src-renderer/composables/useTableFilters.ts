/**
 * The filters of a table-per-row list (Table Objects, Synchronization Object
 * Statistics): source database, destination database and a name search over
 * both names, with the database choices taken from the rows themselves.
 */
import { computed, ref } from 'vue';
import type { QualifiedName } from '../../src-shared/model/objects';
import { formatName } from '../../src-shared/settings/object-names';

interface Mapped {
  source: QualifiedName;
  target: QualifiedName;
}

const options = (names: string[]) => [...new Set(names)].sort().map((d) => ({ label: d, value: d }));

export function useTableFilters<T extends Mapped>(items: () => T[]) {
  const sourceDb = ref<string | null>(null);
  const targetDb = ref<string | null>(null);
  const search = ref('');
  const sourceOptions = computed(() => options(items().map((t) => t.source.database)));
  const targetOptions = computed(() => options(items().map((t) => t.target.database)));

  /** Whether a row passes the database filters and the search. */
  function matches(t: T): boolean {
    const term = search.value.trim().toLowerCase();
    return (
      (!sourceDb.value || t.source.database === sourceDb.value) &&
      (!targetDb.value || t.target.database === targetDb.value) &&
      (!term || `${formatName(t.source)} ${formatName(t.target)}`.toLowerCase().includes(term))
    );
  }

  return { sourceDb, targetDb, search, sourceOptions, targetOptions, matches };
}
