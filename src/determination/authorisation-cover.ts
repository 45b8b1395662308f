/**
 * Which recorded authorisations (Validated End-User and the like, issue 14) cover a transaction or an access check on
 * its date: the end user (a transaction's ultimate consignee or end user; an access check's tenant/person or data
 * centre operator) is the authorisation's, names compared case- and space-insensitively; the destination (the data
 * centre's country) is the authorisation's site country or one of its destinations; one of its ECCNs covers the
 * item (or the technology); the date is within its validity.
 *
 * Then the programme it was granted under, as dated data in data/policies/veu/: the 2024 Data Center VEU from its
 * effective date (its standing after the AI Diffusion Rule restructured it is unknown, and said); the Diffusion
 * Rule's UVEU and NVEU only while the rule was enforced (not from its rescission; as published, with that said), never for a site
 * in Macau or D:5, and an NVEU for its one country. A covering authorisation is reported as a flag citing its
 * recorded reference and the programme's data; the verdict is left as the rules give it (the authorisation's own
 * conditions decide whether it may be used). One that matches but cannot cover is said too, with the reason.
 *
 * Pure: the caller loads the authorisations (the records store's `authorisationsInForce(date)`) and passes them in.
 */
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, type Citation } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import { inGroup } from './country-groups.js'
import { citationOf } from './requirement-context.js'
import type { Flag, Regime, Verdict } from './types.js'
import { sameNameKey } from '../shared/text.js'

/** An authorisation as determine() and checkAccess need it: the records store's `Authorisation` satisfies it. */
export type RecordedAuthorisation = {
  id: string
  program: 'data-center-veu' | 'veu' | 'uveu' | 'nveu'
  reference: string
  endUser: string
  site: { country: string; address: string }
  eccns: readonly string[]
  destinations: readonly string[]
  conditions: readonly string[]
  validFrom: string
  validTo: string | null
}

/** What is being authorised: who receives it, which ECCNs, where it goes (the data centre's country), when. */
export type CoverQuery = {
  names: readonly string[]
  eccns: readonly string[]
  country: string
  date: IsoDate
  what: 'access' | 'transaction'
  /** as-published applies a programme BIS does not enforce as its text reads (as the AI Diffusion Rule's requirements are); default as-enforced */
  regime?: Regime
}

export type AuthorisationCover<A extends RecordedAuthorisation = RecordedAuthorisation> = { covering: A[]; flags: Flag[] }

/** Whether a flag is about a recorded authorisation (one that covers, or one that matches but cannot cover). */
export const isAuthorisationFlag = (f: Pick<Flag, 'id'>): boolean => f.id.startsWith('authorisation:') || f.id.startsWith('authorisation-not-covering:')

const eccnCovers = (granted: string, eccn: string) => eccn === granted || eccn.startsWith(`${granted}.`)

/** the dated programme data each recorded programme is evaluated against (the general VEU has none: as recorded) */
const PROGRAMME_RULE: Partial<Record<RecordedAuthorisation['program'], string>> = {
  'data-center-veu': 'policies.veu.data-center-veu',
  uveu: 'policies.veu.uveu',
  nveu: 'policies.veu.nveu',
}
export const PROGRAMME_NAME: Record<RecordedAuthorisation['program'], string> = { 'data-center-veu': 'Data Center VEU', veu: 'VEU', uveu: 'UVEU', nveu: 'NVEU' }

type Standing = { covers: true; citations: Citation[]; caveat?: string } | { covers: false; citations: Citation[]; why: string }

/** What the programme data says of this authorisation on the date, for a data centre in `country`. */
export function programmeStanding(a: RecordedAuthorisation, country: string, rules: Rules, asOf: IsoDate, regime: Regime = 'as-enforced'): Standing {
  const ruleId = PROGRAMME_RULE[a.program]
  const name = PROGRAMME_NAME[a.program]
  if (!ruleId) return (a.site.country === country || a.destinations.includes(country)) ? { covers: true, citations: [] } : { covers: false, citations: [], why: `${country} is neither its site's country nor one of its destinations` }
  const status = parameterAt<string>(rules, ruleId, asOf)
  if (!status || status.value === null) return { covers: false, citations: status ? [citationOf(status)] : [], why: `the ${name} programme was not in force on ${asOf}` }
  const cite = citationOf(status)
  const unenforcedAsPublished = status.value === 'not-enforced' && regime === 'as-published'
  if ((status.value === 'not-enforced' && !unenforcedAsPublished) || status.value === 'suspended') {
    return { covers: false, citations: [cite], why: `the ${name} programme is ${status.value === 'suspended' ? 'suspended' : 'not enforced'} from ${status.effective} (${status.source.citation}: ${status.source.title})` }
  }
  const citations = [cite]
  if (a.program === 'uveu' || a.program === 'nveu') {
    const excluded = parameterAt<{ countries: string[]; groups: string[] }>(rules, 'policies.veu.uveu-nveu-excluded-sites', asOf)
    if (excluded?.value && (excluded.value.countries.includes(a.site.country) || excluded.value.groups.some((g) => inGroup(rules, g, a.site.country, asOf)))) {
      return { covers: false, citations: [cite, citationOf(excluded)], why: `its site is in ${a.site.country}, where a ${name} data centre may not be (${[...excluded.value.countries, ...excluded.value.groups.map((g) => g.toUpperCase())].join(', ')})` }
    }
  }
  const single = a.program === 'nveu' ? parameterAt<boolean>(rules, 'policies.veu.nveu-single-country', asOf) : undefined
  const countries = single?.value ? [a.site.country] : [a.site.country, ...a.destinations]
  if (!countries.includes(country)) {
    return { covers: false, citations: single?.value ? [cite, citationOf(single)] : [cite], why: single?.value ? `an NVEU authorisation is for one country, its site's (${a.site.country}), not ${country}` : `${country} is neither its site's country nor one of its destinations` }
  }
  if (single?.value) citations.push(citationOf(single))
  if (unenforcedAsPublished) return { covers: true, citations, caveat: `as published; BIS does not enforce the ${name} programme from ${status.effective} (${status.source.citation}: ${status.source.title}), so as enforced it covers nothing` }
  if (status.value === 'unknown') return { covers: true, citations, caveat: `the standing of a ${name} authorisation on ${asOf} is not settled in chipnav's sources (${status.note ?? 'see the data'}): confirm it with BIS` }
  return { covers: true, citations }
}

/** The authorisations that match the query, each evaluated against its programme on the date: a flag for each. */
export function coverByAuthorisations<A extends RecordedAuthorisation>(q: CoverQuery, authorisations: readonly A[], rules: Rules): AuthorisationCover<A> {
  const names = new Set(q.names.map(sameNameKey))
  const covering: A[] = []
  const flags: Flag[] = []
  for (const a of authorisations) {
    const matches = names.has(sameNameKey(a.endUser)) && q.eccns.some((e) => a.eccns.some((g) => eccnCovers(g, e))) && a.validFrom <= q.date && (a.validTo === null || a.validTo >= q.date)
    if (!matches || (a.site.country !== q.country && !a.destinations.includes(q.country))) continue
    const s = programmeStanding(a, q.country, rules, q.date, q.regime)
    if (s.covers) {
      covering.push(a)
      flags.push({ kind: 'possible-coverage', id: `authorisation:${a.id}`, text: `${describe(a)}${s.caveat ? `; ${s.caveat}` : ''}.`, ...(s.citations.length ? { citations: s.citations } : {}) })
    } else {
      flags.push({ kind: 'condition', id: `authorisation-not-covering:${a.id}`, text: `${PROGRAMME_NAME[a.program]} authorisation ${a.id} for ${a.endUser} (${a.reference}) does not cover this ${q.what} on ${q.date}: ${s.why}.`, ...(s.citations.length ? { citations: s.citations } : {}) })
    }
  }
  return { covering, flags }
}

function describe(a: RecordedAuthorisation): string {
  return `Covered by ${PROGRAMME_NAME[a.program]} authorisation ${a.id} for ${a.endUser} at ${a.site.address} (${a.site.country}), items ${a.eccns.join(', ')}, valid ${a.validFrom}${a.validTo ? ` to ${a.validTo}` : ''}: ${a.reference} (as recorded; not verified by chipnav)${a.conditions.length > 0 ? `. Conditions: ${a.conditions.join('; ')}` : ''}`
}

const VERDICT_NOTE: Partial<Record<Verdict, string>> = {
  LICENSE_REQUIRED: ' It may serve for this transaction in place of an individual licence, within its conditions (authorisation VEU, 15 CFR 748.15; that effect is not checked against the primary text in chipnav\'s sources, so the verdict is left as the rules give it).',
  PROHIBITED: ' It does not lift what makes this transaction prohibited.',
}

/**
 * A transaction's recorded authorisations: its ultimate consignee or end user, its item's ECCN, its destination and
 * date; a covering one says what it does for the verdict.
 */
export function transactionAuthorisationFlags(tx: { date: IsoDate; to: string; parties: readonly { role: string; name: string }[] }, eccn: string | null, verdict: Verdict, regime: Regime, authorisations: readonly RecordedAuthorisation[], rules: Rules): Flag[] {
  if (eccn === null || authorisations.length === 0) return []
  const names = tx.parties.filter((p) => p.role === 'ultimate-consignee' || p.role === 'end-user').map((p) => p.name)
  const { flags } = coverByAuthorisations({ names, eccns: [eccn], country: tx.to, date: tx.date, what: 'transaction', regime }, authorisations, rules)
  const note = VERDICT_NOTE[verdict]
  return note ? flags.map((f) => (f.kind === 'possible-coverage' ? { ...f, text: `${f.text}${note}` } : f)) : flags
}
