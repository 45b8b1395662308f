import { readFileSync } from 'node:fs'
import { join } from 'node:path'
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
