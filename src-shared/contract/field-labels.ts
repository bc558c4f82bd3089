/**
 * Request fields as the forms label them, so that a refused request says
 * "Source is required", not "sourceId" is required. Files keep their own
 * keys in messages: there the key is what the user wrote.
 */

import { OPTION_LABELS } from '../model/options';

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  ...OPTION_LABELS,
  name: 'Name',
  tags: 'Tags',
  types: 'Migration types',
  sourceId: 'Source',
  destinationId: 'Destination',
  dataSourceId: 'Data source',
  objects: 'Migration objects',
  include: 'Include rules',
  exclude: 'Exclude rules',
  tables: 'Tables',
  options: 'Options',
  host: 'Host',
  port: 'Port',
  user: 'User',
  password: 'Password',
  database: 'Default database',
  tls: 'TLS',
  mode: 'TLS mode',
  caFile: 'CA certificate file',
};
