/** Views in the order they can be created: every view after the views it reads. */

import { AppError } from '../../src-shared/errors';
import { objectName } from './notes';
import type { ViewDef } from './types';

export function orderViews(views: ViewDef[]): ViewDef[] {
  const byName = new Map(views.map((v) => [objectName(v.name), v]));
  const done = new Set<string>();
  const path: string[] = [];
  const ordered: ViewDef[] = [];

  const visit = (view: ViewDef) => {
    const name = objectName(view.name);
    if (done.has(name)) return;
    const cycleStart = path.indexOf(name);
    if (cycleStart >= 0) {
      const cycle = [...path.slice(cycleStart), name].join(' → ');
      throw new AppError({ code: 'invalid_input', message: `These views read each other in a cycle: ${cycle}.`, workaround: 'Recreate one of them on the source so that it no longer reads the others.' });
    }
    path.push(name);
    for (const dependency of view.dependsOn) {
      const other = byName.get(objectName(dependency));
      if (other) visit(other);
    }
    path.pop();
    done.add(name);
    ordered.push(view);
  };

  for (const view of views) visit(view);
  return ordered;
}
