import { AppError } from '../../../shared/errors.js'
import { downloadFiles } from '../download-files.js'
import type { DownloadTarget, FetchLike, ListSource, ParseOptions, ParsedList } from '../list-source.js'
import { maxIsoDate } from '../map-helpers.js'
import type { SourceFile } from '../source-file.js'
import { headText, parseXmlFile } from '../xml-helpers.js'
import { mapUnList, UN_REPEATED } from './map.js'

/** The Security Council's own download of the consolidated list (English XML). */
export const UN_DOWNLOADS: readonly DownloadTarget[] = [{ name: 'consolidated.xml', url: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml', isRequired: true }]

export const unSource: ListSource = {
  id: 'un',
  title: 'UN Security Council Consolidated List',
  recognizes: (file: SourceFile) => /\.xml(\.gz)?$/i.test(file.name) && /<CONSOLIDATED_LIST[\s>]/.test(headText(file)),
  parseFiles(files: SourceFile[], opts?: ParseOptions): ParsedList {
    if (files.length !== 1) {
      throw new AppError('VALIDATION_FAILED', { detail: `the UN list is one XML file; got ${files.length}: ${files.map((f) => f.name).join(', ')}` })
    }
    const file = files[0]!
    const root = parseXmlFile(file, UN_REPEATED)
    if (!('CONSOLIDATED_LIST' in root)) throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name} has no CONSOLIDATED_LIST root element`, file: file.name })
    const { entries, generated } = mapUnList(root)
    const warnings: string[] = []
    for (const e of entries) if (e.names[0]?.name === '') warnings.push(`${e.sourceId} has no primary name`)
    const isPublished = Boolean(generated && (!opts?.today || generated <= opts.today))
    const listDate = isPublished ? generated : maxIsoDate(entries.map((e) => e.listedOn), opts?.today)
    return { source: 'un', entries, ...(listDate ? { listDate, listDateBasis: isPublished ? ('published' as const) : ('latest-entry' as const) } : {}), warnings }
  },
  download: ({ fetch }: { fetch: FetchLike }) => downloadFiles({ fetch, targets: [...UN_DOWNLOADS] }),
}
