/**
 * Which recorded authorisations cover an access check (src/determination/authorisation-cover.ts decides): the end
 * user is the tenant/person or the data centre's operator, the destination is the data centre's country, the items
 * are the compute's ECCN or the technology's. A release's destination is where it is received (`where.accessFrom` when given).
 */
import { coverByAuthorisations, type AuthorisationCover, type RecordedAuthorisation } from '../determination/authorisation-cover.js'
import type { Regime } from '../determination/types.js'
import type { Rules } from '../rules/load-rules.js'
import { releaseLocation, type AccessCheck } from './access-schema.js'

export type { AuthorisationCover }

export function authorisationCover<A extends RecordedAuthorisation>(check: AccessCheck, itemEccn: string | null, authorisations: readonly A[], rules: Rules, regime: Regime = 'as-enforced'): AuthorisationCover<A> {
  const names = [check.who.name, ...(check.where.operator ? [check.where.operator.name] : [])]
  const eccns = [itemEccn, check.what.kind === 'technology' ? check.what.eccn : null].filter((e): e is string => e !== null)
  return coverByAuthorisations({ names, eccns, country: check.what.kind === 'compute' ? check.where.country : releaseLocation(check), date: check.date, what: 'access', regime }, authorisations, rules)
}
