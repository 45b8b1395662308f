/** OFAC non-SDN consolidated legacy CSV: `cons_prim/cons_add/cons_alt/cons_comments.csv`, the SDN layout. */
import { parseOfacFiles, roleFromColumnCount, type OfacFileRole, type OfacFiles } from '../ofac-legacy/parse.js'
import { baseFormatName, type SourceFile } from '../source-file.js'

export const NONSDN_FILE_ROLES: Readonly<Record<string, OfacFileRole>> = {
  'cons_prim.csv': 'primary',
  'cons_add.csv': 'address',
  'cons_alt.csv': 'alias',
  'cons_comments.csv': 'comments',
}

export function nonSdnFileRole(file: SourceFile, firstRecordColumns: number): OfacFileRole | undefined {
  return NONSDN_FILE_ROLES[baseFormatName(file.name)] ?? roleFromColumnCount(firstRecordColumns)
}

export function parseNonSdnFiles(files: Array<{ file: SourceFile; role: OfacFileRole }>): OfacFiles {
  return parseOfacFiles(files, 'nonsdn')
}
