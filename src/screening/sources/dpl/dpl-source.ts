import { AppError } from '../../../shared/errors.js'
import type { ListSource, ParseOptions, ParsedList } from '../list-source.js'
import { baseFormatName, type SourceFile } from '../source-file.js'
import { downloadDpl } from './download.js'
import { dplListDate, mapDplRows } from './map.js'
import { isDplHeader, parseDplFile } from './parse.js'

export const dplSource: ListSource = {
  id: 'dpl',
  title: 'BIS Denied Persons List',
  recognizes: (file: SourceFile, firstLine: string) => baseFormatName(file.name) === 'dpl.txt' || isDplHeader(firstLine),
  parseFiles(files: SourceFile[], opts?: ParseOptions): ParsedList {
    if (files.length !== 1) {
      throw new AppError('VALIDATION_FAILED', { detail: `the DPL is one file (dpl.txt); got ${files.length}: ${files.map((f) => f.name).join(', ')}` })
    }
    const rows = parseDplFile(files[0]!)
    const listDate = dplListDate(rows, opts?.today)
    return { source: 'dpl', entries: mapDplRows(rows), ...(listDate ? { listDate, listDateBasis: 'latest-entry' as const } : {}), warnings: [] }
  },
  download: downloadDpl,
}
