/**
 * A logged technology access, evaluated as it is recorded: a release of the logged technology (its ECCN) to a
 * person holding the logged nationality, received at the logged location, on the date of the access (as written).
 * An access with no ECCN, or one that is not a technology/software ECCN, cannot be evaluated and is stored as logged.
 */
import type { PartyScreener } from '../determination/types.js'
import type { RecordTechAccessInput, TechAccessEvaluation } from '../records/records-store.js'
import type { Rules } from '../rules/load-rules.js'
import { checkAccess } from './check-access.js'

const TECHNOLOGY_ECCN = /^[0-9][D-E][0-9]{3}$/

export function evaluateTechAccess(access: Omit<RecordTechAccessInput, 'actor'>, opts: { rules: Rules; screener?: PartyScreener }): TechAccessEvaluation | undefined {
  const eccn = access.eccn?.trim().toUpperCase()
  if (!eccn || !TECHNOLOGY_ECCN.test(eccn)) return undefined
  const result = checkAccess(
    {
      date: access.accessedAt.slice(0, 10),
      who: { kind: 'person', name: access.subject, citizenships: [access.nationality] },
      what: { kind: 'technology', eccn },
      where: { country: access.location },
    },
    { rules: opts.rules, ...(opts.screener ? { screener: opts.screener } : {}) },
  )
  return { verdict: result.verdict, rulesVersion: result.rulesVersion }
}
