/**
 * "Is-informed" letters (15 CFR 744.21(b), 744.23(b), 744.6): product-specific licence requirements BIS told a
 * company about, each a dated file in data/policies/letters/. The item is matched by its catalogue model; a chip
 * that only reaches a letter's "equivalent" capabilities is flagged for the company or BIS to confirm.
 */
import { citationFor, parameterAt } from '../../rules/parameter-at.js'
import type { IsoDate } from '../../shared/iso-date.js'
import { inGroup } from '../country-groups.js'
import { citationOf, EAR_HOME, hqCodes, type RequirementContext, type RequirementFamily, type RequirementOutcome } from '../requirement-context.js'
import type { ReviewPolicy } from '../types.js'

type LetterValue = {
  company: string
  chips: string[]
  destinations: string[]
  destinationGroups: string[]
  headquartersIn: string[]
  headquartersGroups: string[]
  excludeGroups: string[]
  licensingReports: { text: string; source: string }[]
  equivalence?: Equivalence
  reviewPolicy: ReviewPolicy | null
}

/** A letter's "equivalent capabilities" clause: thresholds, and whether an IC must reach all of them or any one. */
type Equivalence = { memoryBandwidthGBps?: number; interconnectGBps?: number; tpp?: number; match: 'all' | 'any' }

const LETTER_PREFIX = 'policies.letters.'

/**
 * What the item reaches of an equivalence clause, as the flag's wording, or null when the clause is not met:
 * under `any`, one threshold reached is enough; under `all`, every threshold must be reached or unknown (an unknown
 * value is named, since it may be reached), and at least one must be known to be reached.
 */
export function equivalenceFlag(eq: Equivalence, item: { maxChipDramBandwidth: number | null; interconnectGBps: number | null; maxChipTpp: number | null }): string | null {
  const tests = [
    { threshold: eq.memoryBandwidthGBps, value: item.maxChipDramBandwidth, label: 'memory bandwidth', unit: ' GB/s' },
    { threshold: eq.interconnectGBps, value: item.interconnectGBps, label: 'interconnect', unit: ' GB/s' },
    { threshold: eq.tpp, value: item.maxChipTpp, label: 'TPP', unit: '' },
  ].filter((t): t is typeof t & { threshold: number } => t.threshold !== undefined)
  const reached = tests.filter((t) => t.value !== null && t.value >= t.threshold)
  const unknown = tests.filter((t) => t.value === null)
  if (!reached.length) return null
  if (eq.match === 'all' && reached.length + unknown.length < tests.length) return null
  const said = reached.map((t) => `${t.label} ${Math.round(t.value!)}${t.unit} >= ${t.threshold}`)
  const open = eq.match === 'all' ? unknown.map((t) => `${t.label} unknown (threshold ${t.threshold}${t.unit})`) : []
  return `this item reaches ${said.join(', ')}${open.length ? `; ${open.join(', ')}` : ''}`
}


/** A catalogue chip as a reader knows it ("NVIDIA H20"), else its id. */
function productName(ctx: RequirementContext, id: string): string {
  const entry = ctx.rules.catalogue.get(id)
  return entry ? `${entry.vendor} ${entry.model}` : id
}

function letterRequirements(ctx: RequirementContext): RequirementOutcome[] {
  const out: RequirementOutcome[] = []
  // a letter requires a licence to export or reexport: an item staying in (or going to) the United States is neither,
  // even when its buyer is headquartered where the letter names (as for the headquarters rule)
  if (ctx.dest === EAR_HOME) return out
  for (const [ruleId] of ctx.rules.parameters) {
    if (!ruleId.startsWith(LETTER_PREFIX)) continue
    const p = parameterAt<LetterValue>(ctx.rules, ruleId, ctx.asOf)
    if (!p || p.value === null) continue
    const letter = p.value
    const version = citationOf(p)
    // the requirement is the letter's, in force from the letter's own date; a later dated reading of it (a licensing
    // report learned later) changes what is flagged, not when the requirement began, so the reason cites that date
    const source = ctx.rules.sources.get(p.source.id)
    const letterDate = (source?.effective ?? source?.published ?? ctx.rules.parameters.get(ruleId)!.values.at(-1)!.effective) as IsoDate
    const citation = { ...version, effective: letterDate }
    const name = `the ${letter.company} letter of ${letterDate} (${citation.source.citation})`
    const excluded = (code: string) => letter.excludeGroups.some((g) => inGroup(ctx.rules, g, code, ctx.asOf))
    const inDest = (code: string) => !excluded(code) && (letter.destinations.includes(code) || letter.destinationGroups.some((g) => inGroup(ctx.rules, g, code, ctx.asOf)))
    const inHq = (code: string) => letter.headquartersIn.includes(code) || letter.headquartersGroups.some((g) => inGroup(ctx.rules, g, code, ctx.asOf))
    const destHit = inDest(ctx.dest) || inDest(ctx.destT)
    const hqHit = ctx.hqParties.find((party) => hqCodes(party).some(inHq))
    if (!destHit && !hqHit) continue
    const named = ctx.item.chips.find((c) => letter.chips.includes(c))
    if (named) {
      out.push({
        ruleId,
        text: `Under ${name}, BIS informed ${letter.company} that the ${productName(ctx, named)} needs a licence ${destHit ? `to ${ctx.dest}` : `for ${hqHit!.name}, headquartered in ${hqCodes(hqHit!).find(inHq)}`}; no licence exception applies.${letter.reviewPolicy ? '' : ' The letter states no licence review policy.'}`,
        citations: [citation],
        part744: true,
        exceptions: [],
        policy: letter.reviewPolicy ? { value: letter.reviewPolicy, ruleId, citations: [citation] } : null,
      })
      letter.licensingReports.forEach((r, i) => {
        const s = ctx.rules.sources.get(r.source)!
        ctx.flags.push({ kind: 'condition', id: `${ruleId}-licensing-report${i ? `-${i + 1}` : ''}`, text: `Reported licensing under ${name} (${s.citation}): ${r.text}`, citations: [citationFor(ctx.rules, ruleId, version.effective, r.source, version.cfr)] })
      })
      continue
    }
    const eq = letter.equivalence
    if (eq && ctx.item.vendor === letter.company) {
      const flag = equivalenceFlag(eq, ctx.item)
      if (flag) ctx.flags.push({ kind: 'possible-coverage', id: `${ruleId}-equivalence`, text: `${name[0]!.toUpperCase()}${name.slice(1)} also covers ICs that reach ${eq.match === 'all' ? 'all' : 'any'} of the named products' capabilities; ${flag}. Ask ${letter.company} or BIS whether it is covered.`, citations: [version] })
    }
  }
  return out
}

export const lettersFamily: RequirementFamily = {
  id: 'letters',
  title: 'Is-informed letters to named companies (data/policies/letters/)',
  evaluate: letterRequirements,
}
