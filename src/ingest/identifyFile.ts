/**
 * What a file holds, told before its rows are read: the key prefix of its Salesforce ids first
 * (whatever the name or headers say), then the object a Weekly Data Export names the file after,
 * then the name and header patterns of kinds.ts.
 */
import path from 'node:path';
import { kindFromHeaders, kindFromName } from './kinds.js';
import { kindOfSalesforcePrefix } from '../kinds/registry.js';
import type { FileKind } from './model.js';
import { objectNamed, objectOfIds, prefixOfObject } from './salesforceObjects.js';

/** Rows whose ids tell a file's object. */
export const IDENTIFYING_ROWS = 100;

export interface FileStart {
  /** The file's own name. */
  name: string;
  /** Header keys (headerKey). */
  headers: ReadonlySet<string>;
  /** The `Id` column's values in the first IDENTIFYING_ROWS rows; undefined without such a column. */
  ids: readonly string[] | undefined;
  /** Data rows seen (at most IDENTIFYING_ROWS). */
  rows: number;
}

export type Identification =
  /** A file to load, with its Salesforce object when its ids or name told it. */
  | { kind: FileKind; object?: string }
  /** A file not loaded: its object when known, and why. */
  | { kind?: undefined; object?: string; reason: string };

function ofKind(kind: FileKind | undefined, object: string | undefined, because: string): Identification {
  return kind ? { kind, object } : { object, reason: because };
}

export function identifyFile(start: FileStart): Identification {
  const stem = path.parse(start.name).name;
  const byIds = start.ids && objectOfIds(start.ids, stem);
  if (byIds) return ofKind(kindOfSalesforcePrefix(byIds.prefix), byIds.object, `key prefix ${byIds.prefix}`);
  const named = start.headers.has('id') ? objectNamed(stem) : undefined;
  if (named) {
    const prefix = prefixOfObject(named);
    return ofKind(prefix ? kindOfSalesforcePrefix(prefix) : undefined, named, 'named after the object');
  }
  const kind = kindFromName(start.name) ?? kindFromHeaders(start.headers);
  if (kind) return ofKind(kind, undefined, '');
  return { reason: start.rows === 0 ? 'header-only file of an unknown object' : 'unknown object' };
}
