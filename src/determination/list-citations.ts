/**
 * What a restricted-party list is, in law: its name as a reader knows it, the regulation that makes it bind, and the
 * date a citation of one of its entries carries. The listing's own date when the list gives one (the Entity List's
 * start date). Otherwise the listing date is unknown: the citation says so and names the publication date of the list
 * version screened (or says that too is unknown), and it is marked `effectiveUnknown` so no one prints its `effective`
 * as the listing's. The day a file was imported is never given as a list's date: it says nothing about the list.
 */
import type { Citation } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { PartyHit, PartyScreeningResult } from './types.js'

type ListLaw = { name: string; cfr: string }

/** U.S. lists by the code the screening sources map them to (src/screening/sources/csl/map.ts). */
const LIST_LAW: Record<string, ListLaw> = {
  el: { name: 'Entity List', cfr: '15 CFR 744.11; supp. no. 4 to part 744' },
  meu: { name: 'Military End-User List', cfr: '15 CFR 744.21; supp. no. 7 to part 744' },
  dpl: { name: 'Denied Persons List', cfr: '15 CFR 764.3(a)(2)' },
  uvl: { name: 'Unverified List', cfr: '15 CFR 744.15; supp. no. 6 to part 744' },
  sdn: { name: 'SDN List', cfr: '31 CFR chapter V' },
  // State's Directorate of Defense Trade Controls: statutory and administrative debarment under the AECA
  dtc: { name: 'ITAR Debarred List (State DDTC)', cfr: '22 CFR 127.7' },
  isn: { name: 'Nonproliferation Sanctions list (State ISN)', cfr: 'the statute the listing notice names (State ISN nonproliferation sanctions)' },
  ssi: { name: 'Sectoral Sanctions Identifications List (OFAC)', cfr: '31 CFR chapter V' },
  fse: { name: 'Foreign Sanctions Evaders List (OFAC)', cfr: '31 CFR chapter V' },
  plc: { name: 'Non-SDN Palestinian Legislative Council List (OFAC)', cfr: '31 CFR chapter V' },
  cap: { name: 'CAPTA List (OFAC)', cfr: '31 CFR chapter V' },
  cmic: { name: 'Non-SDN Chinese Military-Industrial Complex Companies List (OFAC)', cfr: '31 CFR chapter V' },
  'ns-mbs': { name: 'Non-SDN Menu-Based Sanctions List (OFAC)', cfr: '31 CFR chapter V' },
}

export function listName(list: string): string {
  return LIST_LAW[list]?.name ?? `${list.toUpperCase()} list`
}

type Snapshots = readonly PartyScreeningResult['snapshots'][number][]

/** What is known of the date of the list version screened, in words, and the date itself when there is one. */
function listVersion(hit: PartyHit, snapshots: Snapshots): { date: IsoDate | null; words: string } {
  const s = snapshots.find((x) => x.source === hit.snapshot?.source)
  const d = s?.listDate?.slice(0, 10) as IsoDate | undefined
  if (!s) return { date: null, words: 'list version not recorded' }
  if (!d) return { date: null, words: 'publication date unknown' }
  switch (s.listDateBasis) {
    case 'latest-entry':
      return { date: d, words: `publication date unknown, on or after ${d} (its latest entry)` }
    case 'downloaded':
      return { date: d, words: `list downloaded from the publisher on ${d}` }
    default:
      return { date: d, words: `list published ${d}` }
  }
}

/**
 * The date a citation of a list entry carries: the listing date when the list gives one. Otherwise `effective` is
 * the date of the list version screened (or the date asked, when even that is unknown), marked unknown, with a note
 * that says what is known.
 */
export function entryDate(hit: PartyHit, snapshots: Snapshots, asOf: IsoDate): { effective: IsoDate; effectiveUnknown: boolean; note: string | null } {
  if (hit.listedOn) return { effective: hit.listedOn as IsoDate, effectiveUnknown: false, note: null }
  const version = listVersion(hit, snapshots)
  return { effective: version.date ?? asOf, effectiveUnknown: true, note: `listing date unknown; ${version.words}` }
}

/** The citation of a U.S. list entry: the regulation that makes the list bind, the entry, its date (entryDate). */
export function listCitation(list: string, hit: PartyHit, snapshots: Snapshots, asOf: IsoDate): Citation {
  const law = LIST_LAW[list] ?? { name: listName(list), cfr: 'the listing programme (see its notice)' }
  const { effective, effectiveUnknown, note } = entryDate(hit, snapshots, asOf)
  const entry = hit.federalRegisterNotice ?? `${law.name} entry ${hit.entryId}`
  return {
    ruleId: `lists.${list}`,
    effective,
    ...(effectiveUnknown ? { effectiveUnknown: true } : {}),
    cfr: law.cfr,
    source: { id: `${hit.snapshot?.source ?? 'list'}:${hit.entryId}`, citation: note ? `${entry} (${note})` : entry, title: hit.primaryName, url: hit.noticeUrl ?? '' },
  }
}
