/** Object selection queries against a source (F-11): what a selection matches right now. */
import { defineStore } from 'pinia';
import type { ObjectSelection, SelectionPreview } from '../../src-shared/model/objects';
import { api } from '../api/client';

export const useObjectsStore = defineStore('objects', () => {
  function preview(sourceId: string, objects: ObjectSelection): Promise<SelectionPreview> {
    return api.invoke('objects/preview', { sourceId, objects });
  }
  return { preview };
});
