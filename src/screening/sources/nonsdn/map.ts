import type { ListCode } from '../../model.js'
import { mapOfacFiles, type MappedOfacFiles } from '../ofac-legacy/map.js'
import type { OfacFiles, OfacPrimaryRow } from '../ofac-legacy/parse.js'

/**
 * The non-SDN file merges several lists; the program says which (as OFAC's list pages group them).
 * First match wins; a row whose programs name none of these stays on the catch-all 'nonsdn'.
 */
const LIST_BY_PROGRAM: ReadonlyArray<[RegExp, ListCode]> = [
  [/^UKRAINE-EO13662$/, 'ssi'], // Sectoral Sanctions Identifications
  [/^CMIC-EO13959$/, 'cmic'], // Chinese Military-Industrial Complex companies
  [/^NS-PLC$/, 'plc'], // Palestinian Legislative Council
  [/^561-Related$/, 'cap'], // Correspondent Account or Payable-Through (CAPTA)
  [/^FSE-/, 'fse'], // Foreign Sanctions Evaders
  [/^(CAATSA - RUSSIA|RUSSIA-EO14024)$/, 'ns-mbs'], // Non-SDN Menu-Based Sanctions
]

export function nonSdnListOf(row: OfacPrimaryRow): ListCode {
  for (const [re, code] of LIST_BY_PROGRAM) if (row.programs.some((p) => re.test(p))) return code
  return 'nonsdn'
}

export function mapNonSdnFiles(files: OfacFiles): MappedOfacFiles {
  return mapOfacFiles({ files, source: 'nonsdn', listOf: nonSdnListOf, aliasOnlyList: 'nonsdn' })
}
