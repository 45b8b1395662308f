import { AppError } from '../../../shared/errors.js'
import { downloadFiles } from '../download-files.js'
import type { DownloadTarget, FetchLike, ListSource, ParseOptions, ParsedList } from '../list-source.js'
import { maxIsoDate } from '../map-helpers.js'
import type { SourceFile } from '../source-file.js'
import { dayFirstToIso } from '../uk-dates.js'
import { headText } from '../xml-helpers.js'
import { mapEuSubject } from './map.js'
import { EU_CSV_HEADER_START, readEuCsv } from './parse-csv.js'
import { readEuXml } from './parse-xml.js'

/**
 * The FSF's public download (the token is the one the EU publishes for anonymous access to the
 * consolidated list). The XML is preferred: it carries alias strength.
 */
export const EU_DOWNLOADS: readonly DownloadTarget[] = [
  { name: 'eu-fsf.xml', url: 'https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw', isRequired: true },
]

const isEuXml = (file: SourceFile) => /<export[\s>]/.test(headText(file)) && /fsd|sanctionEntity|generationDate/.test(headText(file))

export const euSource: ListSource = {
  id: 'eu',
  title: 'EU consolidated financial sanctions list (FSF)',
  recognizes: (file: SourceFile, firstLine: string) => firstLine.replace(/^\uFEFF/, '').startsWith(EU_CSV_HEADER_START) || (/\.xml(\.gz)?$/i.test(file.name) && isEuXml(file)),
  parseFiles(files: SourceFile[], opts?: ParseOptions): ParsedList {
    if (files.length !== 1) throw new AppError('VALIDATION_FAILED', { detail: `the EU list is one file (the FSF CSV or XML); got ${files.length}` })
    const file = files[0]!
    const { generated, subjects } = isEuXml(file) ? readEuXml(file) : readEuCsv(file)
    const entries = subjects.map(mapEuSubject)
    const warnings = entries.filter((e) => e.names.length === 0).map((e) => `${e.sourceId} has no name`)
    const generatedDate = dayFirstToIso(generated)
    const isPublished = Boolean(generatedDate && (!opts?.today || generatedDate <= opts.today))
    const listDate = isPublished ? generatedDate : maxIsoDate(entries.map((e) => e.listedOn), opts?.today)
    return { source: 'eu', entries: entries.filter((e) => e.names.length > 0), ...(listDate ? { listDate, listDateBasis: isPublished ? ('published' as const) : ('latest-entry' as const) } : {}), warnings }
  },
  download: ({ fetch }: { fetch: FetchLike }) => downloadFiles({ fetch, targets: [...EU_DOWNLOADS] }),
}
