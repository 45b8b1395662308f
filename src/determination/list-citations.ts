/**
 * What a restricted-party list is, in law: its name as a reader knows it, the regulation that makes it bind, and the
 * date a citation of one of its entries carries. The listing's own date when the list gives one (the Entity List's
 * start date); otherwise the date of the list version screened (never the transaction date, which is not the
 * listing's).
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

/** The list version screened, by the hit's snapshot: its publisher's date, else the day it was imported. */
function listVersionDate(hit: PartyHit, snapshots: readonly PartyScreeningResult['snapshots'][number][]): IsoDate | null {
  const s = snapshots.find((x) => x.source === hit.snapshot?.source)
  const d = s?.listDate ?? s?.importedAt
  return d ? (d.slice(0, 10) as IsoDate) : null
}

type Snapshots = readonly PartyScreeningResult['snapshots'][number][]

/**
 * The date a citation of a list entry carries: the listing date when the list gives one; otherwise the date of the
 * list version screened (or the date asked, when even that is unknown), with a note that says which.
 */
export function entryDate(hit: PartyHit, snapshots: Snapshots, asOf: IsoDate): { effective: IsoDate; note: string | null } {
  if (hit.listedOn) return { effective: hit.listedOn as IsoDate, note: null }
  const version = listVersionDate(hit, snapshots)
  return { effective: version ?? asOf, note: `listing date not given by the list; ${version ? `list version of ${version} screened` : `screened on ${asOf}`}` }
}

/** The citation of a U.S. list entry: the regulation that makes the list bind, the entry, its date (entryDate). */
export function listCitation(list: string, hit: PartyHit, snapshots: Snapshots, asOf: IsoDate): Citation {
  const law = LIST_LAW[list] ?? { name: listName(list), cfr: 'the listing programme (see its notice)' }
  const { effective, note } = entryDate(hit, snapshots, asOf)
  const entry = hit.federalRegisterNotice ?? `${law.name} entry ${hit.entryId}`
  return {
    ruleId: `lists.${list}`,
    effective,
    cfr: law.cfr,
    source: { id: `${hit.snapshot?.source ?? 'list'}:${hit.entryId}`, citation: note ? `${entry} (${note})` : entry, title: hit.primaryName, url: hit.noticeUrl ?? '' },
  }
}
