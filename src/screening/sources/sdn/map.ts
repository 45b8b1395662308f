import type { ListEntry } from '../../model.js'
import { mapOfacFiles } from '../ofac-legacy/map.js'
import type { OfacFiles } from '../ofac-legacy/parse.js'

/** Every row of `sdn.csv` is on the SDN list. */
export function mapSdnFiles(files: OfacFiles): { entries: ListEntry[]; warnings: string[] } {
  return mapOfacFiles({ files, source: 'sdn', listOf: () => 'sdn' })
}
