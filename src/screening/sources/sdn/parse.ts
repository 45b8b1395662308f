/** OFAC SDN legacy CSV: `sdn.csv` (primary), `add.csv`, `alt.csv`, `sdn_comments.csv`; layout in ../ofac-legacy. */
import { parseOfacFiles, roleFromColumnCount, type OfacFileRole, type OfacFiles } from '../ofac-legacy/parse.js'
import { baseFormatName, type SourceFile } from '../source-file.js'

export const SDN_FILE_ROLES: Readonly<Record<string, OfacFileRole>> = {
  'sdn.csv': 'primary',
  'add.csv': 'address',
  'alt.csv': 'alias',
  'sdn_comments.csv': 'comments',
}

/** The role by name, else by the column count of the first record (for renamed files with --source sdn). */
export function sdnFileRole(file: SourceFile, firstRecordColumns: number): OfacFileRole | undefined {
  return SDN_FILE_ROLES[baseFormatName(file.name)] ?? roleFromColumnCount(firstRecordColumns)
}

export function parseSdnFiles(files: Array<{ file: SourceFile; role: OfacFileRole }>): OfacFiles {
  return parseOfacFiles(files, 'sdn')
}
