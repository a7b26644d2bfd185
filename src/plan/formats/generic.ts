import type { ImportFormat } from './format.js';

/** For scripts and CRMs without a format of their own: ids on both sides. */
export const generic: ImportFormat = {
  header: () => ['id', 'owner_id'],
  ownerKey: 'id',
};
