/**
 * The rules an access check applies, each reading its dated value from data/policies/access/ (and the country
 * groups, end-use policies and red flags the determination uses). Each function returns requirements (that decide
 * the verdict) and pushes flags; none decides alone.
 */
import { listCitation } from '../determination/list-citations.js'
import { inGroup, isD5OrMacauAt, treatedAs } from '../determination/country-groups.js'
import type { Policy, RequirementOutcome } from '../determination/requirement-context.js'
import { citationOf, inDestinationSet2023 } from '../determination/requirement-context.js'
import { complianceDate } from '../determination/requirements/diffusion.js'
import type { Flag, PartyHit, Regime } from '../determination/types.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, type Citation } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import { releaseLocation, type AccessCheck } from './access-schema.js'

export type AccessContext = {
  rules: Rules
  asOf: IsoDate
  regime: Regime
  check: AccessCheck
  /** the item's ECCN on the date (compute: the chips; technology: the item it is for), null when outside 3A090/4A090 */
  itemEccn: string | null
  flags: Flag[]
}

export function ruleAt<T>(ctx: AccessContext, ruleId: string): { value: T; citation: Citation } | null {
  const p = parameterAt<T>(ctx.rules, ruleId, ctx.asOf)
  return p && p.value !== null && p.value !== undefined ? { value: p.value, citation: citationOf(p) } : null
}

export const isD5OrMacau = (ctx: AccessContext, code: string | undefined): boolean => isD5OrMacauAt(ctx.rules, code, ctx.asOf)

/** 742.6(a)(6)(iii) destinations on the date: China and Macau under the 2022 text, D:1/D:4/D:5 less A:5/A:6 from 2023-11-17. */
export function inRsDestinations(ctx: AccessContext, code: string): boolean {
  const p2022 = parameterAt<string[]>(ctx.rules, 'policies.license-requirements.ac-2022-destinations', ctx.asOf)
  // the 2022 table is in force until its dated null (data/policies/license-requirements/ac-2022-destinations.yaml)
  if (p2022?.value) return p2022.value.includes(treatedAs(ctx.rules, code, ctx.asOf).code)
  return inDestinationSet2023(ctx, code)
}

function policyOf(ctx: AccessContext, ruleId: string): Policy {
  const p = parameterAt<Policy['value']>(ctx.rules, ruleId, ctx.asOf)
  return { value: p?.value ?? null, ruleId, citations: p ? [citationOf(p)] : [] }
}

/** The countries a release to this person is attributed to (every citizenship and permanent residency given). */
export function attributedCountries(ctx: AccessContext): string[] {
  const who = ctx.check.who
  if (who.kind !== 'person') return [who.headquarters ?? who.country]
  return [...new Set([...who.permanentResidency, ...who.citizenships])]
}

/** A release of technology or software: export, deemed export or deemed reexport, and the 742.6(a)(6)(iii) requirement. */
export function technologyRelease(ctx: AccessContext): RequirementOutcome[] {
  const what = ctx.check.what
  if (what.kind !== 'technology') return []
  const follows = ruleAt<Record<string, string>>(ctx, 'policies.access.technology-follows')
  const itemFamily = follows?.value[what.eccn]
  if (!itemFamily) {
    ctx.flags.push({ kind: 'condition', id: 'technology-not-advanced-computing', text: `${what.eccn} is not software or technology for 3A090/4A090 items in chipnav's data on ${ctx.asOf}: check its own CCL entry.` })
    return []
  }
  if (ctx.itemEccn !== null && !ctx.itemEccn.startsWith(itemFamily)) {
    ctx.flags.push({ kind: 'condition', id: 'technology-item-mismatch', text: `${what.eccn} follows ${itemFamily}, but the item it is for classifies as ${ctx.itemEccn}.` })
  }
  if (ctx.itemEccn === null && what.forItem) return [] // the item is outside 3A090/4A090: its technology is too (reported by the orchestrator)
  const who = ctx.check.who
  // the release takes place where the person or tenant receives it: where the access comes from, when given
  const releaseIn = releaseLocation(ctx.check)
  const heldIn = ctx.check.where.country
  const isPerson = who.kind === 'person'
  if (isPerson && who.usPerson) {
    ctx.flags.push({ kind: 'condition', id: 'us-person', text: `${who.name} is a U.S. person: a release in ${releaseIn} is ${releaseIn === 'US' ? 'not an export' : `an export to ${releaseIn} only`}.` })
    if (releaseIn === 'US') return []
  }
  // 734.13(a)(2), 734.14(a)(2): a deemed export or reexport is a release to a foreign person of a country other than the one the release takes place in
  const attributed = isPerson && !who.usPerson ? attributedCountries(ctx).filter((c) => c !== releaseIn) : []
  const deemed = attributed.length > 0
  const exclusion = ruleAt<boolean>(ctx, 'policies.access.rs-deemed-release-exclusion')
  const deemedRule = ruleAt<boolean>(ctx, 'policies.access.deemed-export')
  const out: RequirementOutcome[] = []
  const kind = releaseIn === 'US' ? 'deemed export' : 'deemed reexport'
  const tech = `${what.eccn} (${what.eccn[2] === 'D' ? 'software' : 'technology'} for ${itemFamily}${ctx.itemEccn ? `, ${ctx.itemEccn}` : ''})`
  if (deemed) {
    const hit = attributed.filter((c) => inRsDestinations(ctx, c))
    const text =
      `Releasing ${tech} to ${who.name} in ${releaseIn} is a ${kind} to ${attributed.join(', ')} (most recent citizenship or permanent residency). ` +
      (hit.length === 0
        ? `${attributed.join(', ')} ${attributed.length > 1 ? 'are' : 'is'} outside the 742.6(a)(6)(iii) destinations on ${ctx.asOf}: no licence is required under that paragraph.`
        : exclusion?.value
          ? `${hit.join(', ')} ${hit.length > 1 ? 'are' : 'is'} among the 742.6(a)(6)(iii) destinations, but that requirement does not apply to deemed exports or deemed reexports.`
          : `${hit.join(', ')} ${hit.length > 1 ? 'are' : 'is'} among the 742.6(a)(6)(iii) destinations: a licence is required.`)
    const citations = [deemedRule?.citation, ...(hit.length && exclusion ? [exclusion.citation] : [])].filter((c): c is Citation => c !== undefined)
    if (hit.length && !exclusion?.value) out.push({ ruleId: 'policies.access.deemed-release', text, citations, part744: false, exceptions: [], policy: policyOf(ctx, 'policies.review.rs-d5-macau') })
    else ctx.flags.push({ kind: 'condition', id: 'deemed-release-analysis', text, citations })
  }
  // a release abroad is also an export (from the United States) or a reexport to the country it takes place in, and
  // the deemed-release carve-out of 742.6(a)(6)(iv) does not reach that part of it
  if (releaseIn !== 'US' && inRsDestinations(ctx, releaseIn)) {
    const how = heldIn === releaseIn ? `a release in ${releaseIn}` : heldIn === 'US' ? `an export from the United States to ${releaseIn}` : `a reexport from ${heldIn} to ${releaseIn}`
    const carveOut = isPerson && !who.usPerson ? ` The carve-out for deemed exports and deemed reexports (742.6(a)(6)(iv)) does not reach it: ${who.name} receives it in ${releaseIn}.` : ''
    out.push({
      ruleId: 'policies.access.release-abroad',
      text: `Releasing ${tech} to ${who.name} in ${releaseIn}${heldIn !== releaseIn ? ` (held in ${heldIn}, accessed from ${releaseIn})` : ''} is ${how}, a 742.6(a)(6)(iii) destination on ${ctx.asOf}: a licence is required.${carveOut}`,
      citations: [follows.citation, ...(deemed && deemedRule ? [deemedRule.citation] : [])],
      part744: false,
      exceptions: [],
      policy: policyOf(ctx, isD5OrMacau(ctx, releaseIn) ? 'policies.review.rs-d5-macau' : 'policies.review.rs-other-destinations'),
    })
  } else if (!deemed && releaseIn !== 'US') {
    ctx.flags.push({ kind: 'condition', id: 'release-abroad-analysis', text: `Releasing ${tech} to ${who.name} in ${releaseIn} is an export or reexport to ${releaseIn}, outside the 742.6(a)(6)(iii) destinations on ${ctx.asOf}: no licence is required under that paragraph.`, citations: [follows.citation] })
  }
  return out
}

/** Remote use of compute (IaaS): not an export of the chips; what else applies is flagged or required. */
export function remoteCompute(ctx: AccessContext): RequirementOutcome[] {
  const { check } = ctx
  if (check.what.kind !== 'compute') return []
  const iaas = ruleAt<boolean>(ctx, 'policies.access.iaas-not-export')
  if (iaas?.value) {
    ctx.flags.push({ kind: 'condition', id: 'iaas-not-an-export', text: `Giving ${check.who.name} remote use of ${check.what.quantity} ${ctx.itemEccn ?? 'uncontrolled'} chip(s) in ${check.where.country} is not an export, reexport or transfer of the chips: no export licence is needed for the access itself.`, citations: [iaas.citation] })
  }
  const hq = tenantHeadquarters(check)
  if (hq.some((c) => isD5OrMacau(ctx, c))) {
    ctx.flags.push({ kind: 'red-flag', id: 'iaas-customer-d5-hq', text: `${check.who.name} is headquartered (or has its ultimate parent) in ${hq.filter((c) => isD5OrMacau(ctx, c)).join(', ')} (Macau or D:5): know what it runs; training AI models for it may need a licence under part 744 (BIS policy statement of 2025-05-13).`, citations: ruleAt<boolean>(ctx, 'policies.access.ai-training-part-744') ? [ruleAt<boolean>(ctx, 'policies.access.ai-training-part-744')!.citation] : [] })
  }
  if (check.where.accessFrom && isD5OrMacau(ctx, check.where.accessFrom)) {
    ctx.flags.push({ kind: 'red-flag', id: 'access-from-d5', text: `Access comes from ${check.where.accessFrom} (Macau or D:5): check who uses the compute and for what.` })
  }
  const transship = ruleAt<string[]>(ctx, 'policies.transshipment-risk-destinations')
  if (ctx.itemEccn && transship?.value.includes(check.where.country)) {
    ctx.flags.push({ kind: 'transshipment-risk', id: 'data-centre-transshipment-risk', text: `The data centre is in ${check.where.country}, named by the U.S. government as a diversion route for advanced AI chips: keep the deployment's destination verification (site, attestations, chip counts) current.`, citations: [transship.citation] })
  }
  if (ctx.itemEccn && inRsDestinations(ctx, check.where.country)) {
    ctx.flags.push({ kind: 'condition', id: 'chips-in-controlled-destination', text: `The ${ctx.itemEccn} chips sit in ${check.where.country}, a 742.6(a)(6)(iii) destination on ${ctx.asOf}: their export there needed a licence or authorisation (a data-centre VEU); keep it with the deployment record.` })
  }
  return trainingPurpose(ctx)
}

function tenantHeadquarters(check: AccessCheck): string[] {
  const who = check.who
  if (who.kind === 'organisation') return [who.headquarters ?? who.country, ...(who.ultimateParentHeadquarters ? [who.ultimateParentHeadquarters] : [])]
  const e = who.employer
  return e ? [e.headquarters ?? e.country, ...(e.ultimateParentHeadquarters ? [e.ultimateParentHeadquarters] : [])] : []
}

/** Training or other work for a party: the May 2025 policy statement and the part 744 end uses. */
function trainingPurpose(ctx: AccessContext): RequirementOutcome[] {
  const purpose = ctx.check.purpose
  if (!purpose) return []
  const out: RequirementOutcome[] = []
  const statement = ruleAt<boolean>(ctx, 'policies.access.ai-training-part-744')
  for (const endUse of purpose.endUses) {
    const policy = policyOf(ctx, endUse === 'wmd' ? 'policies.review.end-use-wmd' : 'policies.review.end-use-military')
    out.push({
      ruleId: `policies.access.end-use-${endUse}`,
      text: `The compute is used for a ${endUse === 'wmd' ? 'WMD' : endUse.replace('-', ' ')} end use: part 744 requires a licence for items subject to the EAR and U.S.-person support of it${statement ? ', and the 2025-05-13 policy statement applies this to training AI models on advanced ICs or IaaS' : ''}.`,
      citations: [...policy.citations, ...(statement ? [statement.citation] : [])],
      part744: true,
      exceptions: [],
      policy,
    })
  }
  const party = purpose.forParty
  if (purpose.use === 'training' && party && statement?.value) {
    const hq = [party.headquarters ?? party.country, ...(party.ultimateParentHeadquarters ? [party.ultimateParentHeadquarters] : [])]
    const d5 = hq.filter((c) => isD5OrMacau(ctx, c))
    if (d5.length) ctx.flags.push({ kind: 'red-flag', id: 'training-for-d5-hq', text: `The model is trained for ${party.name}, headquartered (or with its ultimate parent) in ${d5.join(', ')}: under the 2025-05-13 policy statement a licence may be required under part 744; ask BIS before going on.`, citations: [statement.citation] })
  }
  return out
}

/** A hit on the Entity List or MEU List for the person, the tenant, its employer or the party the work is for. */
export function listedPartyOutcome(ctx: AccessContext, role: string, name: string, hit: PartyHit, moreOnList = 0, snapshots: Parameters<typeof listCitation>[2] = []): RequirementOutcome | null {
  const isRelease = ctx.check.what.kind !== 'compute'
  const statement = ruleAt<boolean>(ctx, 'policies.access.ai-training-part-744')
  const more = moreOnList > 0 ? ` and ${moreOnList} more ${hit.list.toUpperCase()} entr${moreOnList === 1 ? 'y' : 'ies'} (see the screening)` : ''
  // an access check screens names no officer has reviewed: each consequence holds if the match is confirmed
  const who = `${name} (${role}) may match ${hit.list.toUpperCase()} entry "${hit.primaryName}" (${hit.entryId}, score ${hit.score.toFixed(2)}, not reviewed)${more}`
  const cite: Citation = listCitation(hit.list, hit, snapshots, ctx.asOf)
  switch (hit.list) {
    case 'el':
    case 'meu':
      if (isRelease) return { ruleId: `access.lists.${hit.list}`, text: `${who}: if the match is confirmed, releasing controlled technology or software to it is an export to a listed party; a licence is required, reviewed under a presumption of denial.`, citations: [cite], part744: true, exceptions: [], policy: { value: 'presumption-of-denial', ruleId: `lists.${hit.list}`, citations: [cite] } }
      if (ctx.check.purpose?.use === 'training' && statement?.value) {
        return { ruleId: `access.lists.${hit.list}.training`, text: `${who}: if the match is confirmed, training AI models for a listed party on advanced ICs or IaaS needs a licence under part 744 (BIS policy statement of 2025-05-13); reviewed under a presumption of denial.`, citations: [cite, statement.citation], part744: true, exceptions: [], policy: { value: 'presumption-of-denial', ruleId: `lists.${hit.list}`, citations: [cite] } }
      }
      ctx.flags.push({ kind: 'screening-review', id: `access-${hit.list}-${hit.entryId}`, text: `${who}: remote access is not an export, but know what the compute is used for; training AI models for it would need a licence.`, citations: [cite] })
      return null
    case 'dpl':
    case 'sdn':
      return { ruleId: `access.lists.${hit.list}`, text: `${who}: if the match is confirmed, ${hit.list === 'sdn' ? 'U.S. persons may not provide services to a blocked person' : 'a denial order bars any transaction with this person'}.`, citations: [cite], prohibited: true, part744: true, exceptions: [], policy: null }
    default:
      return null // the hit's review flag (check-access.ts) asks to confirm or clear it
  }
}

/** ECCN 4E091 model weights, under the AI Diffusion Rule as published. */
export function modelWeights(ctx: AccessContext): RequirementOutcome[] {
  const what = ctx.check.what
  if (what.kind !== 'model-weights') return []
  const rule = ruleAt<boolean>(ctx, 'policies.access.model-weights-4e091')
  const status = parameterAt<string>(ctx.rules, 'policies.diffusion.status', ctx.asOf)?.value
  if (!rule?.value) return []
  if (ctx.regime === 'as-enforced' && status === 'not-enforced') {
    ctx.flags.push({ kind: 'condition', id: '4e091-not-enforced', text: `ECCN 4E091 (model weights) is in the published text but BIS does not enforce the AI Diffusion Rule on ${ctx.asOf}; under the rule as published a licence would be required.`, citations: [rule.citation] })
    return []
  }
  // in effect from 2025-01-13, but exporters "are not required to comply with the changes made in this rule until 120
  // days from date of publication" (90 FR 4544, DATES): before then 4E091 required nothing, as determine() answers
  const compliance = complianceDate(ctx)
  if (compliance && ctx.asOf < compliance.date) {
    ctx.flags.push({ kind: 'condition', id: '4e091-compliance-delayed', text: `ECCN 4E091 (model weights) was created by the AI Diffusion Rule, in effect from ${compliance.effective}, but exporters were not required to comply with its changes until ${compliance.date} (90 FR 4544, DATES): on ${ctx.asOf} no licence is required for model weights under it. From ${compliance.date}, as published, closed-weight model weights over the training threshold need a licence to every destination.`, citations: [rule.citation, compliance.citation] })
    return []
  }
  if (what.published) {
    ctx.flags.push({ kind: 'condition', id: '4e091-published', text: 'Published (open-weight) model weights are not controlled by 4E091.', citations: [rule.citation] })
    return []
  }
  // ECCN 4E091: more than the threshold's operations (data/policies/access/4e091-training-operations.yaml)
  const threshold = ruleAt<number>(ctx, 'policies.access.4e091-training-operations')
  const limit = threshold ? threshold.value.toExponential().replace('e+', 'e') : 'the threshold'
  if (what.trainingOperations !== undefined && threshold && what.trainingOperations <= threshold.value) {
    ctx.flags.push({ kind: 'condition', id: '4e091-below-threshold', text: `Trained with ${what.trainingOperations.toExponential(2)} operations, not more than ${limit}: not 4E091.`, citations: [threshold.citation] })
    return []
  }
  const who = ctx.check.who
  const tier1 = (c: string | undefined) => inGroup(ctx.rules, 'diffusion-tier1', c, ctx.asOf) // the United States is in the Tier 1 data
  if (who.kind === 'person' && !who.usPerson && releaseLocation(ctx.check) === 'US' && who.employer && tier1(who.employer.headquarters ?? who.employer.country)) {
    ctx.flags.push({ kind: 'condition', id: '4e091-tier1-employee', text: `${who.name} works for ${who.employer.name}, headquartered in Tier 1: the deemed-export carve-out for permanent regular employees applies (confirm the employment).`, citations: [rule.citation] })
    return []
  }
  return [{ ruleId: 'policies.access.model-weights-4e091', text: `${what.trainingOperations === undefined ? `Closed-weight model weights (training compute not given: assumed over ${limit} operations)` : `Closed-weight model weights trained with more than ${limit} operations`} are 4E091: a licence is required to every destination.`, citations: [rule.citation, ...(threshold ? [threshold.citation] : [])], part744: false, exceptions: [], policy: policyOf(ctx, 'policies.review.diffusion-tier3') }]
}
