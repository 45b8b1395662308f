/** From the requirements found to one verdict: prohibitions first, then licence exceptions, then the strictest review policy. */
import type { Rules } from '../rules/load-rules.js'
import { parameterAt } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import { RESTRICTIVENESS, type Policy, type RequirementOutcome } from './requirement-context.js'
import type { LicenseExceptionUse, Verdict } from './types.js'

/** The dated restriction of 15 CFR 740.8(b) (data/policies/license-exceptions/part-744-746-restriction.yaml). */
export const PART_744_746_RESTRICTION = 'policies.license-exceptions.part-744-746-restriction'

type Restriction = { exceptions: string[]; exemptRequirements: string[] }

/**
 * The licence exceptions a part 744/746 requirement of this transaction takes away on the date: none when no such
 * requirement applies, or only requirements the restriction exempts (the headquarters rule outside D:1/D:4/D:5).
 */
function exceptionsTakenAway(requirements: readonly RequirementOutcome[], at: { rules: Rules; asOf: IsoDate }): ReadonlySet<string> {
  const restriction = parameterAt<Restriction>(at.rules, PART_744_746_RESTRICTION, at.asOf)?.value
  if (!restriction) return new Set()
  const exempt = new Set(restriction.exemptRequirements)
  return requirements.some((r) => r.part744 && !exempt.has(r.ruleId)) ? new Set(restriction.exceptions) : new Set()
}

export function combineRequirements(requirements: readonly RequirementOutcome[], at: { rules: Rules; asOf: IsoDate }): { verdict: Verdict; exceptions: LicenseExceptionUse[]; policy: Policy | null } {
  if (requirements.some((r) => r.prohibited)) return { verdict: 'PROHIBITED', exceptions: [], policy: null }
  if (requirements.length === 0) return { verdict: 'NLR', exceptions: [], policy: null }
  const takenAway = exceptionsTakenAway(requirements, at)
  const chosen: LicenseExceptionUse[] = []
  const uncovered: RequirementOutcome[] = []
  for (const r of requirements) {
    const usable = r.exceptions.filter((e) => !takenAway.has(e.id))
    if (usable[0]) chosen.push(usable[0])
    else uncovered.push(r)
  }
  if (uncovered.length === 0) return { verdict: 'LICENSE_EXCEPTION', exceptions: chosen, policy: null }
  const policy = uncovered
    .map((r) => r.policy)
    .filter((p): p is Policy => !!p && p.value !== null)
    .sort((a, b) => RESTRICTIVENESS[b.value!] - RESTRICTIVENESS[a.value!])[0]
  return { verdict: 'LICENSE_REQUIRED', exceptions: [], policy: policy ?? null }
}
