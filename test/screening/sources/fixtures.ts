import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CSL_COLUMNS } from '../../../src/screening/sources/csl/parse.js'
import type { SourceFile } from '../../../src/screening/sources/source-file.js'
import { REPO_ROOT, SHARED_DATA } from '../../helpers/paths.js'

export const FIXTURES = join(REPO_ROOT, 'test/fixtures/lists')
export const SHARED_LISTS = join(SHARED_DATA, 'lists')

export function fixture(name: string): SourceFile {
  return { name, bytes: readFileSync(join(FIXTURES, name)) }
}

/** A file of the shared snapshots, under its own base name. */
export function sharedList(path: string): SourceFile {
  return { name: path.split('/').pop()!, bytes: readFileSync(join(SHARED_LISTS, path)) }
}

export function textFile(name: string, text: string): SourceFile {
  return { name, bytes: new TextEncoder().encode(text) }
}

/** A CSL `consolidated.csv` with the header and these rows (columns not given are empty), quoted as trade.gov quotes. */
export function cslFile(rows: ReadonlyArray<Partial<Record<(typeof CSL_COLUMNS)[number], string>>>): SourceFile {
  const cell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  return textFile('consolidated.csv', [CSL_COLUMNS.join(','), ...rows.map((r) => CSL_COLUMNS.map((c) => cell(r[c] ?? '')).join(','))].join('\n'))
}
