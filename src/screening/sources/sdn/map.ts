import { mapOfacFiles, type MappedOfacFiles } from '../ofac-legacy/map.js'
import type { OfacFiles } from '../ofac-legacy/parse.js'

/** Every row of `sdn.csv` is on the SDN list. */
export function mapSdnFiles(files: OfacFiles): MappedOfacFiles {
  return mapOfacFiles({ files, source: 'sdn', listOf: () => 'sdn', aliasOnlyList: 'sdn' })
}
