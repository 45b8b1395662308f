/**
 * Which recorded authorisations cover an access check, on its date: the end user is the tenant/person or the data
 * centre's operator (names compared case- and space-insensitively), the data centre is the authorisation's site
 * country or one of its destinations, one of its ECCNs covers the item (or the technology), and the date is within
 * its validity (the caller's `authorisationsInForce(date)` selects those).
 *
 * Then the programme it was granted under, as dated data in data/policies/veu/: the 2024 Data Center VEU from its
 * effective date (its standing after the AI Diffusion Rule restructured it is unknown, and said); the Diffusion
 * Rule's UVEU and NVEU only while the rule was in force as published (not from its rescission), never for a site
 * in Macau or D:5, and an NVEU for its one country. A covering authorisation is reported as a flag citing its
 * recorded reference and the programme's data; the verdict is left as the rules give it (the authorisation's own
 * conditions decide whether it may be used). One that matches but cannot cover is said too, with the reason.
 */
import { inGroup } from '../determination/country-groups.js'
import { citationOf } from '../determination/requirement-context.js'
import type { Flag } from '../determination/types.js'
import type { Authorisation } from '../records/deployment-records.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, type Citation } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { AccessCheck } from './access-schema.js'

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim()
const eccnCovers = (granted: string, eccn: string) => eccn === granted || eccn.startsWith(`${granted}.`)

/** the dated programme data each recorded programme is evaluated against (the general VEU has none: as recorded) */
const PROGRAMME_RULE: Partial<Record<Authorisation['program'], string>> = {
  'data-center-veu': 'policies.veu.data-center-veu',
  uveu: 'policies.veu.uveu',
  nveu: 'policies.veu.nveu',
}
const PROGRAMME_NAME: Record<Authorisation['program'], string> = { 'data-center-veu': 'Data Center VEU', veu: 'VEU', uveu: 'UVEU', nveu: 'NVEU' }

export type AuthorisationCover = { covering: Authorisation[]; flags: Flag[] }

type Standing = { covers: true; citations: Citation[]; caveat?: string } | { covers: false; citations: Citation[]; why: string }

/** What the programme data says of this authorisation on the date, for a data centre in `country`. */
export function programmeStanding(a: Authorisation, country: string, rules: Rules, asOf: IsoDate): Standing {
  const ruleId = PROGRAMME_RULE[a.program]
  const name = PROGRAMME_NAME[a.program]
  if (!ruleId) return (a.site.country === country || a.destinations.includes(country)) ? { covers: true, citations: [] } : { covers: false, citations: [], why: `${country} is neither its site's country nor one of its destinations` }
  const status = parameterAt<string>(rules, ruleId, asOf)
  if (!status || status.value === null) return { covers: false, citations: status ? [citationOf(status)] : [], why: `the ${name} programme was not in force on ${asOf}` }
  const cite = citationOf(status)
  if (status.value === 'not-enforced' || status.value === 'suspended') {
    return { covers: false, citations: [cite], why: `the ${name} programme is ${status.value === 'suspended' ? 'suspended' : 'not enforced (the AI Diffusion Rule that created it was announced rescinded)'} from ${status.effective}` }
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
  if (status.value === 'unknown') return { covers: true, citations, caveat: `the standing of a ${name} authorisation on ${asOf} is not settled in chipnav's sources (${status.note ?? 'see the data'}): confirm it with BIS` }
  return { covers: true, citations }
}

export function authorisationCover(check: AccessCheck, itemEccn: string | null, authorisations: Authorisation[], rules: Rules): AuthorisationCover {
  const names = new Set([check.who.name, ...(check.where.operator ? [check.where.operator.name] : [])].map(norm))
  const eccns = [itemEccn, check.what.kind === 'technology' ? check.what.eccn : null].filter((e): e is string => e !== null)
  const covering: Authorisation[] = []
  const flags: Flag[] = []
  for (const a of authorisations) {
    const matches = names.has(norm(a.endUser)) && eccns.some((e) => a.eccns.some((g) => eccnCovers(g, e))) && a.validFrom <= check.date && (a.validTo === null || a.validTo >= check.date)
    if (!matches) continue
    const where = check.where.country
    if (a.site.country !== where && !a.destinations.includes(where)) continue
    const s = programmeStanding(a, where, rules, check.date)
    if (s.covers) {
      covering.push(a)
      flags.push({ kind: 'possible-coverage', id: `authorisation:${a.id}`, text: `${describe(a)}${s.caveat ? `; ${s.caveat}` : ''}.`, ...(s.citations.length ? { citations: s.citations } : {}) })
    } else {
      flags.push({ kind: 'condition', id: `authorisation-not-covering:${a.id}`, text: `${PROGRAMME_NAME[a.program]} authorisation ${a.id} for ${a.endUser} (${a.reference}) does not cover this access on ${check.date}: ${s.why}.`, ...(s.citations.length ? { citations: s.citations } : {}) })
    }
  }
  return { covering, flags }
}

function describe(a: Authorisation): string {
  return `Covered by ${PROGRAMME_NAME[a.program]} authorisation ${a.id} for ${a.endUser} at ${a.site.address} (${a.site.country}), items ${a.eccns.join(', ')}, valid ${a.validFrom}${a.validTo ? ` to ${a.validTo}` : ''}: ${a.reference} (as recorded; not verified by chipnav)${a.conditions.length > 0 ? `. Conditions: ${a.conditions.join('; ')}` : ''}`
}
