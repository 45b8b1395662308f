/**
 * The first question: is the item subject to the EAR at all (15 CFR 734.3)? In the United States or U.S.-origin: yes.
 * Foreign-made: yes when its controlled U.S.-origin content exceeds the de minimis share (734.4), or when it is a
 * foreign direct product of listed U.S. technology or software within the advanced-computing FDP rule's scope
 * (734.9(h)); otherwise no, and no EAR licence requirement applies. Without `item.origin` the item is assumed subject,
 * and the answer says so. Shares, technology ECCNs and destination scopes are dated data (data/policies/subject-to-ear/).
 */
import { parameterAt } from '../../rules/parameter-at.js'
import { inGroup } from '../country-groups.js'
import { citationOf, EAR_HOME, hqCodes, isAdvancedComputing, sourceCitation, type RequirementContext } from '../requirement-context.js'
import type { SubjectToEar } from '../types.js'

type DestinationScope = { countries: string[]; groups: string[] }
type FdpRule = { technologyEccns: string[]; productEccns: string[]; countries: string[]; groups: string[]; excludeGroups: string[]; headquartersIn: string[]; headquartersGroups: string[] }

const RULE_ID = 'policies.subject-to-ear'
const FDP_RULE = 'policies.subject-to-ear.fdp-advanced-computing'

const pct = (n: number) => `${Number(n.toFixed(2))} %`

export function assessSubjectToEar(ctx: Omit<RequirementContext, 'subjectToEar'>): SubjectToEar {
  const c = ctx as RequirementContext
  const origin = ctx.tx.item.origin
  const basic = (cfr: string) => sourceCitation(c, RULE_ID, 'cfr-734', cfr)
  if (ctx.tx.from === EAR_HOME) {
    return { subject: true, basis: 'in-united-states', text: `Subject to the EAR: the item is exported from the United States (items in the United States are subject to the EAR, 15 CFR 734.3(a)(1))${origin && origin.madeIn !== EAR_HOME ? `, wherever it was made (${origin.madeIn})` : ''}.`, citations: [basic('15 CFR 734.3(a)(1)')] }
  }
  if (!origin) {
    return { subject: true, basis: 'assumed', text: `Assumed subject to the EAR: item.origin was not given, so this answer treats the item as U.S.-origin (15 CFR 734.3(a)(2)) although it moves from ${ctx.tx.from}. For a foreign-made item, give item.origin (madeIn, U.S. content, U.S. technology behind it): it may not be subject to the EAR at all.`, citations: [basic('15 CFR 734.3(a)(2)')] }
  }
  if (origin.madeIn === EAR_HOME) {
    return { subject: true, basis: 'us-origin', text: `Subject to the EAR: a U.S.-origin item remains subject wherever it is (15 CFR 734.3(a)(2)); this is a reexport from ${ctx.tx.from}.`, citations: [basic('15 CFR 734.3(a)(2)')] }
  }
  const findings: string[] = []
  const citations = [basic('15 CFR 734.3(a)')]

  // 734.9(h): the advanced-computing foreign direct product rule
  const fdp = parameterAt<FdpRule>(ctx.rules, FDP_RULE, ctx.asOf)
  const tech = origin.producedFromUsTechnologyOrSoftware
  if (fdp?.value) {
    const rule = fdp.value
    citations.push(citationOf(fdp))
    const productInScope = ctx.item.eccn !== null && rule.productEccns.some((e) => ctx.item.eccn!.startsWith(e))
    const excluded = rule.excludeGroups.some((g) => inGroup(ctx.rules, g, ctx.dest, ctx.asOf))
    const destInScope = !excluded && ([ctx.dest, ctx.destT].some((d) => rule.countries.includes(d)) || rule.groups.some((g) => inGroup(ctx.rules, g, ctx.dest, ctx.asOf)))
    const hqParty = ctx.hqParties.find((p) => hqCodes(p).some((h) => rule.headquartersIn.includes(h) || rule.headquartersGroups.some((g) => inGroup(ctx.rules, g, h, ctx.asOf))))
    const scopeWords = destInScope ? `destined to ${ctx.dest}` : hqParty ? `for ${hqParty.name}, headquartered in ${hqCodes(hqParty).join('/')}` : null
    if (!productInScope) findings.push(`it is not a foreign direct product within 734.9(h), which covers only ${rule.productEccns.join('/')} items (this item: ${ctx.item.eccn ?? 'outside them'})`)
    else if (!scopeWords) findings.push(`734.9(h) does not reach ${ctx.dest} or these parties on ${ctx.asOf}`)
    else if (tech === undefined) {
      return { subject: true, basis: 'assumed', text: `Assumed subject to the EAR: a ${ctx.item.eccn} item ${scopeWords} is within the advanced-computing foreign direct product rule (15 CFR 734.9(h)) if it is the direct product of U.S. technology or software (${rule.technologyEccns.join(', ')}) or of a plant that is; item.origin.producedFromUsTechnologyOrSoftware was not given. Give it (false, or the ECCNs) to decide.`, citations }
    } else if (tech !== false) {
      const hits = tech.eccns.filter((e) => rule.technologyEccns.includes(e))
      if (hits.length) {
        return { subject: true, basis: 'foreign-direct-product', text: `Subject to the EAR as a foreign direct product (15 CFR 734.9(h)): made in ${origin.madeIn}${tech.viaPlant ? ' by a plant (or major component of a plant) that is itself a direct product of' : ' as a direct product of'} U.S.-origin ${hits.join(', ')} technology or software, it meets ${ctx.item.eccn} and is ${scopeWords}.`, citations }
      }
      findings.push(`the U.S. technology or software behind it (${tech.eccns.join(', ')}) is not among 734.9(h)'s (${rule.technologyEccns.join(', ')})`)
    } else findings.push('it is not the direct product of U.S. technology or software (734.9)')
  } else findings.push(`no advanced-computing foreign direct product rule was in force on ${ctx.asOf}`)

  // 734.4: de minimis U.S. content
  const low = parameterAt<DestinationScope>(ctx.rules, 'policies.subject-to-ear.de-minimis-low-destinations', ctx.asOf)
  const isLow = !!low?.value && ([ctx.dest, ctx.destT].some((d) => low.value!.countries.includes(d)) || low.value.groups.some((g) => inGroup(ctx.rules, g, ctx.dest, ctx.asOf)))
  const share = parameterAt<number>(ctx.rules, isLow ? 'policies.subject-to-ear.de-minimis-low-percent' : 'policies.subject-to-ear.de-minimis-percent', ctx.asOf)
  const content = origin.usContentPercent ?? (origin.usControlledContentValue !== undefined && origin.itemValue ? (origin.usControlledContentValue / origin.itemValue) * 100 : undefined)
  if (share?.value !== null && share !== undefined) {
    citations.push(citationOf(share), ...(isLow && low ? [citationOf(low)] : []))
    if (content === undefined) {
      return { subject: true, basis: 'assumed', text: `Assumed subject to the EAR: the item was made in ${origin.madeIn}, but its controlled U.S.-origin content was not given; above ${pct(share.value)} of its value it is subject (de minimis, 15 CFR 734.4). Give item.origin.usContentPercent to decide.`, citations }
    }
    if (content > share.value) {
      return { subject: true, basis: 'de-minimis-exceeded', text: `Subject to the EAR: the item was made in ${origin.madeIn} with ${pct(content)} controlled U.S.-origin content, above the de minimis share of ${pct(share.value)}${isLow ? ` for ${ctx.dest}` : ''} (15 CFR 734.4).`, citations }
    }
    findings.push(`its controlled U.S.-origin content (${pct(content)}) does not exceed the de minimis share of ${pct(share.value)} (734.4)`)
    // 734.4(a)(6) is understood to allow no de minimis share for foreign-made items incorporating U.S.-origin 3A090
    // items to some destinations; its text and dates are not in regulations.md, so the answer is flagged, not decided
    if (isAdvancedComputing(c, ctx.item.eccn)) {
      ctx.flags.push({ kind: 'condition', id: 'de-minimis-advanced-computing-unchecked', text: `De minimis does not settle this: 15 CFR 734.4(a)(6) is understood (unverified) to allow no de minimis share for foreign-made items that incorporate U.S.-origin 3A090 (or 4A090) items when destined to Country Group D:1, D:4 or D:5 or Macau, or for an entity headquartered there. chipnav has not checked its text and dates: if this ${ctx.item.eccn} item incorporates U.S.-origin 3A090 ICs and goes to ${ctx.dest}, check 734.4(a)(6) before relying on "not subject".`, citations: [basic('15 CFR 734.4(a)(6)')] })
    }
  }
  return { subject: false, basis: 'not-subject', text: `Not subject to the EAR: the item was made in ${origin.madeIn} and moves from ${ctx.tx.from}, not the United States; ${findings.join('; ')}. No EAR licence requirement applies (other jurisdictions' controls may).`, citations }
}
