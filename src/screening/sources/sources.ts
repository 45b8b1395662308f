/** Every list source chipnav can import. A new list is a new folder and one line here. */
import { AppError } from '../../shared/errors.js'
import type { BindingJurisdiction, ListJurisdiction } from '../../shared/jurisdictions.js'
import type { SourceId } from '../model.js'
import { cslSource } from './csl/csl-source.js'
import { dplSource } from './dpl/dpl-source.js'
import { euSource } from './eu/eu-source.js'
import type { ListSource } from './list-source.js'
import { nonSdnSource } from './nonsdn/nonsdn-source.js'
import { ofsiSource } from './ofsi/ofsi-source.js'
import { sdnSource } from './sdn/sdn-source.js'
import { ukSource } from './uk/uk-source.js'
import { unSource } from './un/un-source.js'
import { decodeText, type SourceFile } from './source-file.js'
import { SOURCE_IDS } from './source-ids.js'

export { isSourceId, SOURCE_IDS } from './source-ids.js'

export const LIST_SOURCES: readonly ListSource[] = [cslSource, sdnSource, nonSdnSource, dplSource, unSource, ukSource, ofsiSource, euSource]

if (LIST_SOURCES.map((s) => s.id).join() !== SOURCE_IDS.join()) throw new Error('sources.ts: LIST_SOURCES and SOURCE_IDS (source-ids.ts) list different sources')

/** Whose law each source's lists belong to; `ofsi` is OFSI's retired ConList, read for older files only. */
export const SOURCE_JURISDICTION: Readonly<Record<SourceId, ListJurisdiction>> = { csl: 'US', sdn: 'US', nonsdn: 'US', dpl: 'US', un: 'UN', uk: 'UK', ofsi: 'UK', eu: 'EU' }
const LEGACY_SOURCES: ReadonlySet<SourceId> = new Set<SourceId>(['ofsi'])

/**
 * The sources `lists update` downloads by default: the lists of the jurisdictions the organisation is bound by, and
 * the UN list (flagged for everyone). OFSI's retired ConList only when asked for.
 */
export function sourcesForJurisdictions(jurisdictions: readonly BindingJurisdiction[]): SourceId[] {
  return SOURCE_IDS.filter((id) => !LEGACY_SOURCES.has(id) && (SOURCE_JURISDICTION[id] === 'UN' || (jurisdictions as readonly string[]).includes(SOURCE_JURISDICTION[id])))
}

export function listSource(id: SourceId): ListSource {
  const s = LIST_SOURCES.find((x) => x.id === id)
  if (!s) throw new AppError('LIST_SOURCE_UNKNOWN', { detail: `unknown list source "${id}"`, expected: SOURCE_IDS })
  return s
}

/**
 * Which source each file belongs to: by its name (`sdn.csv`, `cons_prim.csv`, `dpl.txt`,
 * `consolidated.csv.gz`…) or, when the name says nothing, by its header. OFAC files have no header,
 * so a renamed OFAC file needs `--source`.
 */
export function detectSource(file: SourceFile): SourceId | undefined {
  let firstLine = ''
  try {
    const text = decodeText(file)
    const end = text.search(/\r?\n/)
    firstLine = end === -1 ? text : text.slice(0, end)
  } catch {
    // an unreadable file is reported when it is parsed; detection looks at the name only
  }
  return LIST_SOURCES.find((s) => s.recognizes(file, firstLine))?.id
}
