/**
 * OLE compound files (MS-CFB), read only far enough to name what one holds: an encrypted OOXML
 * workbook keeps `EncryptionInfo` and `EncryptedPackage` streams, an old `.xls` a `Workbook` (or
 * `Book`) stream. Their names are in the first sector of the directory.
 */

/** Reads `length` bytes at `position` (fewer at the end of the file). */
export type ReadAt = (position: number, length: number) => Promise<Buffer>;

const HEADER_BYTES = 512;
const ENTRY_BYTES = 128;

/** The names of the entries in the first directory sector. */
export async function compoundFileStreams(readAt: ReadAt): Promise<string[]> {
  const header = await readAt(0, HEADER_BYTES);
  if (header.length < HEADER_BYTES) return [];
  const sectorSize = 2 ** header.readUInt16LE(0x1e);
  if (sectorSize !== 512 && sectorSize !== 4096) return [];
  // Sector n starts after the header, which takes one sector.
  const sector = await readAt((header.readUInt32LE(0x30) + 1) * sectorSize, sectorSize);
  const names: string[] = [];
  for (let at = 0; at + ENTRY_BYTES <= sector.length; at += ENTRY_BYTES) {
    // The name is UTF-16LE; its length in bytes includes the terminating NUL.
    const length = sector.readUInt16LE(at + 64);
    if (length >= 2 && length <= 64) names.push(sector.toString('utf16le', at, at + length - 2));
  }
  return names;
}
