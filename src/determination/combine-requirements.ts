/** From the requirements found to one verdict: prohibitions first, then licence exceptions, then the strictest review policy. */
import { RESTRICTIVENESS, type Policy, type RequirementOutcome } from './requirement-context.js'
import type { LicenseExceptionUse, Verdict } from './types.js'

/** Licence exceptions a part 744/746 requirement takes away (15 CFR 740.2, 740.8(c)). */
const BLOCKED_BY_PART_744 = new Set(['NAC', 'ACA', 'LPP', 'AIA'])

export function combineRequirements(requirements: readonly RequirementOutcome[]): { verdict: Verdict; exceptions: LicenseExceptionUse[]; policy: Policy | null } {
  if (requirements.some((r) => r.prohibited)) return { verdict: 'PROHIBITED', exceptions: [], policy: null }
  if (requirements.length === 0) return { verdict: 'NLR', exceptions: [], policy: null }
  const blockedByPart744 = requirements.some((r) => r.part744)
  const chosen: LicenseExceptionUse[] = []
  const uncovered: RequirementOutcome[] = []
  for (const r of requirements) {
    const usable = r.exceptions.filter((e) => !(blockedByPart744 && BLOCKED_BY_PART_744.has(e.id)))
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
