import type { ObjectSelection, SelectionPreview } from '../../../src-shared/model';
import { resolveSelection } from '../../../src-shared/settings/selection';
import type { DataSourceService } from './datasources';

/** Live preview of what an object selection matches on the source (F-11 "Beyond"). */
export class ObjectService {
  constructor(private readonly datasources: DataSourceService) {}

  async preview(sourceId: string, objects: ObjectSelection): Promise<SelectionPreview> {
    const catalog = await this.datasources.catalog(sourceId);
    return resolveSelection(objects, catalog.objects);
  }
}
