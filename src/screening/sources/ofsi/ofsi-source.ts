import { AppError } from '../../../shared/errors.js'
import { downloadFiles } from '../download-files.js'
import type { DownloadTarget, FetchLike, ListSource, ParseOptions, ParsedList } from '../list-source.js'
import { maxIsoDate } from '../map-helpers.js'
import { baseFormatName, type SourceFile } from '../source-file.js'
import { mapOfsiRows } from './map.js'
import { isXlsx, readOfsiCsv, readOfsiXlsx, type OfsiTable } from './parse.js'

/** OFSI's 2022-format ConList (OFSI has since moved its users to the FCDO UK Sanctions List: source `uk`). */
export const OFSI_DOWNLOADS: readonly DownloadTarget[] = [
  { name: 'ConList.csv', url: 'https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv', isRequired: true },
]

const OFSI_NAME = /^conlist\.(csv|xlsx)$/

function oneFile(files: SourceFile[]): SourceFile {
  if (files.length !== 1) {
    throw new AppError('VALIDATION_FAILED', { detail: `the OFSI Consolidated List is one file (ConList.xlsx or ConList.csv); got ${files.length}: ${files.map((f) => f.name).join(', ')}` })
  }
  return files[0]!
}

function toParsed(table: OfsiTable, file: SourceFile, opts?: ParseOptions): ParsedList {
  const entries = mapOfsiRows(table.rows, file.name)
  const isPublished = Boolean(table.lastUpdated && (!opts?.today || table.lastUpdated <= opts.today))
  const listDate = isPublished ? table.lastUpdated : maxIsoDate(entries.map((e) => e.listedOn), opts?.today)
  return { source: 'ofsi', entries, ...(listDate ? { listDate, listDateBasis: isPublished ? ('published' as const) : ('latest-entry' as const) } : {}), warnings: [] }
}

export const ofsiSource: ListSource = {
  id: 'ofsi',
  title: 'HM Treasury OFSI Consolidated List (legacy ConList)',
  recognizes: (file: SourceFile, firstLine: string) => OFSI_NAME.test(baseFormatName(file.name)) || /^\uFEFF?"?Last Updated"?,/.test(firstLine),
  parseFiles(files: SourceFile[], opts?: ParseOptions): ParsedList {
    const file = oneFile(files)
    if (isXlsx(file)) throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name} is an XLSX workbook: read it with parseFilesAsync`, file: file.name })
    return toParsed(readOfsiCsv(file), file, opts)
  },
  async parseFilesAsync(files: SourceFile[], opts?: ParseOptions): Promise<ParsedList> {
    const file = oneFile(files)
    return toParsed(isXlsx(file) ? await readOfsiXlsx(file) : readOfsiCsv(file), file, opts)
  },
  download: ({ fetch }: { fetch: FetchLike }) => downloadFiles({ fetch, targets: [...OFSI_DOWNLOADS] }),
}
