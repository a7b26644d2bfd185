/**
 * Which kind of records a file holds: `--kind KIND=FILE` first, then the file name, then the
 * headers — each kind's name patterns and header signature are in the kind registry.
 */
import { fileNamePattern, headerSignature, HEADER_ORDER, NAME_ORDER } from '../../kinds/registry.js';
import type { FileKind } from '../../records/model.js';

/**
 * A word must start the name or follow a non-letter (`hubspot-crm-exports-all-contacts`), so
 * `Misleading.csv` is no lead.
 */
export function kindFromName(name: string): FileKind | undefined {
  return NAME_ORDER.find((kind) => fileNamePattern(kind).test(name));
}

export function kindFromHeaders(headers: ReadonlySet<string>): FileKind | undefined {
  return HEADER_ORDER.find((kind) => headerSignature(kind).some((key) => headers.has(key)));
}

/** Whether the headers hold any of a kind's own headers. */
export function hasHeadersOf(headers: ReadonlySet<string>, kind: FileKind): boolean {
  return headerSignature(kind).some((key) => headers.has(key));
}
