/**
 * Whether a recorded Validated End-User (or other) authorisation covers an access check: the person or tenant, or
 * the data-centre operator, is the authorisation's end user (names compared case- and space-insensitively); the
 * place is the authorised site's country or one of its destinations; the item's or technology's ECCN is one the
 * authorisation names (3A090 covers 3A090.a); and it is valid on the date (the store selects those). A covering
 * authorisation is reported as a flag citing its recorded reference; the verdict is left as the rules give it
 * (the authorisation's own conditions decide whether it may be used).
 */
import type { Flag } from '../determination/types.js'
import type { Authorisation } from '../records/deployment-records.js'
import type { AccessCheck } from './access-schema.js'

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim()
const eccnCovers = (granted: string, eccn: string) => eccn === granted || eccn.startsWith(`${granted}.`)

export function coveringAuthorisations(check: AccessCheck, itemEccn: string | null, authorisations: Authorisation[]): Authorisation[] {
  const names = new Set([check.who.name, ...(check.where.operator ? [check.where.operator.name] : [])].map(norm))
  const eccns = [itemEccn, check.what.kind === 'technology' ? check.what.eccn : null].filter((e): e is string => e !== null)
  return authorisations.filter(
    (a) =>
      names.has(norm(a.endUser)) &&
      (a.site.country === check.where.country || a.destinations.includes(check.where.country)) &&
      eccns.some((e) => a.eccns.some((g) => eccnCovers(g, e))) &&
      a.validFrom <= check.date &&
      (a.validTo === null || a.validTo >= check.date),
  )
}

export function authorisationFlags(covering: Authorisation[]): Flag[] {
  return covering.map((a) => ({
    kind: 'possible-coverage',
    id: `authorisation:${a.id}`,
    text: `Covered by ${a.program} authorisation ${a.id} for ${a.endUser} at ${a.site.address} (${a.site.country}), items ${a.eccns.join(', ')}, valid ${a.validFrom}${a.validTo ? ` to ${a.validTo}` : ''}: ${a.reference} (as recorded; not verified by chipnav).${a.conditions.length > 0 ? ` Conditions: ${a.conditions.join('; ')}.` : ''}`,
  }))
}
