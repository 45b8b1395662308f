import { AppError } from '../../../shared/errors.js'
import { downloadFiles } from '../download-files.js'
import type { DownloadTarget, FetchLike, ListSource, ParseOptions, ParsedList } from '../list-source.js'
import { maxIsoDate } from '../map-helpers.js'
import type { SourceFile } from '../source-file.js'
import { dayFirstToIso } from '../uk-dates.js'
import { children, headText, parseXmlFile, text, type XmlNode } from '../xml-helpers.js'
import { mapUkDesignation, UK_REPEATED } from './map.js'

/** The FCDO publishes the list at a fixed address on its sanctions-list site (XML; CSV and ODS beside it). */
export const UK_DOWNLOADS: readonly DownloadTarget[] = [{ name: 'UK_Sanctions_List.xml', url: 'https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml', isRequired: true }]

export const ukSource: ListSource = {
  id: 'uk',
  title: 'FCDO UK Sanctions List',
  recognizes: (file: SourceFile) => /\.xml(\.gz)?$/i.test(file.name) && /<Designations?[\s>]/.test(headText(file)),
  parseFiles(files: SourceFile[], opts?: ParseOptions): ParsedList {
    if (files.length !== 1) throw new AppError('VALIDATION_FAILED', { detail: `the UK Sanctions List is one XML file; got ${files.length}` })
    const file = files[0]!
    const root = parseXmlFile(file, UK_REPEATED)
    const container = findDesignations(root)
    if (!container) throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name} has no Designation elements (expected the FCDO UK Sanctions List XML)`, file: file.name })
    const designations = children(container, 'Designation')
    const entries = designations.map(mapUkDesignation)
    const generated = dayFirstToIso(text(container, 'DateGenerated') ?? text(container, '@dateGenerated') ?? text(container, '@DateGenerated'))
    const isPublished = Boolean(generated && (!opts?.today || generated <= opts.today))
    const listDate = isPublished ? generated : maxIsoDate(designations.map((d) => dayFirstToIso(text(d, 'LastUpdated'))), opts?.today)
    const warnings = entries.filter((e) => e.names.length === 0).map((e) => `${e.sourceId} has no name`)
    return { source: 'uk', entries: entries.filter((e) => e.names.length > 0), ...(listDate ? { listDate, listDateBasis: isPublished ? ('published' as const) : ('latest-entry' as const) } : {}), warnings }
  },
  download: ({ fetch }: { fetch: FetchLike }) => downloadFiles({ fetch, targets: [...UK_DOWNLOADS] }),
}

/** The element that holds the `Designation` children (the root, or one level below it). */
function findDesignations(root: XmlNode): XmlNode | undefined {
  for (const v of Object.values(root)) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue
    const node = v as XmlNode
    if ('Designation' in node) return node
    for (const w of Object.values(node)) if (w !== null && typeof w === 'object' && !Array.isArray(w) && 'Designation' in (w as XmlNode)) return w as XmlNode
  }
  return undefined
}
