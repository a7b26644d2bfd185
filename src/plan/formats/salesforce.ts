import type { ImportFormat } from './format.js';

/** Data Loader's update: the 18-character record id and the owner's user id. */
export const salesforce: ImportFormat = {
  header: () => ['Id', 'OwnerId'],
  ownerKey: 'id',
};
