import { AppError } from '../../../shared/errors.js'
import type { ListSource, ParseOptions, ParsedList } from '../list-source.js'
import { maxIsoDate } from '../map-helpers.js'
import { baseFormatName, type SourceFile } from '../source-file.js'
import { downloadCsl } from './download.js'
import { mapCslRow } from './map.js'
import { parseCslFile } from './parse.js'

const CSL_NAME = /^consolidated(_screening_list)?\.(csv|tsv|json)$/

export const cslSource: ListSource = {
  id: 'csl',
  title: 'Consolidated Screening List (trade.gov)',
  recognizes(file: SourceFile, firstLine: string): boolean {
    return CSL_NAME.test(baseFormatName(file.name)) || /^\uFEFF?_id[,\t]source[,\t]entity_number/.test(firstLine)
  },
  parseFiles(files: SourceFile[], opts?: ParseOptions): ParsedList {
    if (files.length !== 1) {
      throw new AppError('VALIDATION_FAILED', {
        detail: `the CSL is one file (consolidated.csv, .tsv or .json); got ${files.length}: ${files.map((f) => f.name).join(', ')}`,
      })
    }
    const entries = parseCslFile(files[0]!).map(mapCslRow)
    // the list date: the latest listing date in the file (CSL rows carry start_date, not a publication date)
    const listDate = maxIsoDate(entries.map((e) => e.listedOn), opts?.today)
    return { source: 'csl', entries, ...(listDate ? { listDate, listDateBasis: 'latest-entry' as const } : {}), warnings: [] }
  },
  download: downloadCsl,
}
