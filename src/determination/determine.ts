/**
 * Licence determination for one transaction on one date: which licence requirements apply (15 CFR 742.6,
 * 744.23, 744.21, is-informed letters, GP10 guidance, listed parties), which licence exceptions can overcome
 * them, and the review policy BIS would apply. Every step is a named rule that reads its dated values from
 * data/ and returns its reason with citations.
 */
import { classifyCatalogueItem, classifyItem, type ClassificationResult } from '../classification/classify-item.js'
import { checkLicenseExceptions } from '../classification/license-exceptions.js'
import { byEffectiveDate } from '../rules/by-effective-date.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, thresholdAt, type Citation } from '../rules/parameter-at.js'
import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import { groupAt, inGroup, treatedAs } from './country-groups.js'
import { evaluateRedFlags } from './red-flags.js'
import { withFlagSources } from './flag-sources.js'
import { parseTransaction, type Party, type Transaction } from './transaction-schema.js'
import type {
  DeterminationResult,
  Flag,
  LicenseExceptionUse,
  PartyOutcome,
  PartyScreener,
  PartyScreeningResult,
  Reason,
  Regime,
  ReviewPolicy,
  Verdict,
} from './types.js'

export type DetermineOptions = {
  rules: Rules
  regime?: Regime
  /** screens party and owner names; without one, parties are flagged as not screened */
  screener?: PartyScreener
}

type Policy = { value: ReviewPolicy | null; ruleId: string; citations: Citation[] }

/** One licence requirement (or prohibition) and what could overcome it. */
type Requirement = {
  ruleId: string
  text: string
  citations: Citation[]
  prohibited?: boolean
  /** imposed under part 744 or 746: licence exceptions NAC/ACA/LPP/AIA are then unavailable (15 CFR 740.2, 740.8(c)) */
  part744: boolean
  exceptions: LicenseExceptionUse[]
  policy: Policy | null
}

type ItemFacts = {
  eccn: string | null
  determined: boolean
  classification: ClassificationResult | null
  /** catalogue ids of the item and its components */
  chips: string[]
  vendor: string | null
  tppPerUnit: number | null
  /** per IC, for the January 2026 metrics */
  maxChipTpp: number | null
  maxChipDramBandwidth: number | null
  interconnectGBps: number | null
  datacenter: boolean | null
  memoryBandwidthDensity: number | null
  /** item-scope eligibility for NAC/ACA/HBM from the classification */
  scope: Map<string, boolean | null>
}

type Ctx = {
  rules: Rules
  asOf: IsoDate
  regime: Regime
  tx: Transaction
  item: ItemFacts
  dest: string
  destT: string
  /** parties whose headquarters count for the headquarters rules: ultimate consignee and end user */
  hqParties: Party[]
  flags: Flag[]
}

const POLICY_WORDS: Record<ReviewPolicy, string> = { 'presumption-of-denial': 'under a presumption of denial', 'case-by-case': 'case by case', 'presumption-of-approval': 'under a presumption of approval' }
const RESTRICTIVENESS: Record<ReviewPolicy, number> = { 'presumption-of-denial': 3, 'case-by-case': 2, 'presumption-of-approval': 1 }

// ---------- small helpers ----------

function cite(ctx: Ctx, ruleId: string): Citation | null {
  const p = parameterAt(ctx.rules, ruleId, ctx.asOf)
  if (!p) return null
  const { value: _v, unit: _u, comparison: _c, note: _n, ...citation } = p
  return citation
}

function policyAt(ctx: Ctx, ruleId: string): Policy {
  const p = parameterAt<ReviewPolicy>(ctx.rules, ruleId, ctx.asOf)
  if (!p || p.value === null) throw new AppError('DATA_INVALID', { detail: `no review policy ${ruleId} in force on ${ctx.asOf}` })
  const { value, unit: _u, comparison: _c, note: _n, ...citation } = p
  return { value, ruleId, citations: [citation] }
}

const isD5OrMacau = (ctx: Ctx, code: string | undefined) => code === 'MO' || inGroup(ctx.rules, 'd5', code, ctx.asOf)

/** A party counts as headquartered where its headquarters or its ultimate parent's headquarters are. */
function hqCodes(p: Party): string[] {
  return [p.headquarters ?? p.country, p.ultimateParentHeadquarters].filter((x): x is string => !!x)
}
const hqD5Party = (ctx: Ctx) => ctx.hqParties.find((p) => hqCodes(p).some((c) => isD5OrMacau(ctx, c)))

const isAdvancedComputing = (eccn: string | null) => eccn === '3A090.a' || eccn === '3A090.b' || eccn === '4A090.a' || eccn === '4A090.b'
const isAParagraph = (eccn: string | null) => eccn === '3A090.a' || eccn === '4A090.a'

function minusDays(d: IsoDate, days: number): IsoDate {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) - days * 86_400_000
  return new Date(t).toISOString().slice(0, 10) as IsoDate
}

// ---------- the item ----------

function itemFacts(tx: Transaction, rules: Rules, asOf: IsoDate, flags: Flag[]): ItemFacts {
  const ref = tx.item
  if ('eccn' in ref) {
    flags.push({ kind: 'condition', id: 'item-eccn-only', text: `Only the ECCN (${ref.eccn}) was given: TPP, datacenter design and product-specific letters cannot be checked.` })
    const scope = new Map(checkLicenseExceptions({ rules, asOf, eccn: ref.eccn, datacenter: null, memoryBandwidthDensity: null }).map((l) => [l.id, l.canServe]))
    return { eccn: ref.eccn, determined: true, classification: null, chips: [], vendor: null, tppPerUnit: null, maxChipTpp: null, maxChipDramBandwidth: null, interconnectGBps: null, datacenter: null, memoryBandwidthDensity: null, scope }
  }
  const opts = { rules, asOf }
  const c = 'chip' in ref ? classifyCatalogueItem(ref.chip, opts) : 'system' in ref ? classifyCatalogueItem(ref.system, opts) : classifyItem(ref.spec, opts)
  let eccn = c.eccn
  if (!c.determined) {
    const rank = (e: string | null) => (e === null ? 0 : e.endsWith('.a') ? 3 : e.endsWith('.c') ? 2 : 1)
    eccn = c.possibleEccns.map((p) => p.eccn).sort((a, b) => rank(b) - rank(a))[0] ?? null
    flags.push({ kind: 'condition', id: 'classification-undetermined', text: `The classification is undetermined (${c.openQuestions.join(' ')}); this answer assumes the most restrictive possibility, ${eccn ?? 'outside 3A090'}.` })
  }
  const components = c.components ?? []
  const chips = components.length ? [c.item.id, ...components.map((x) => x.chip)] : [c.item.id]
  const chipResults = components.length ? components.map((x) => x.result) : [c]
  const max = (xs: (number | null)[]) => (xs.some((x) => x === null) || xs.length === 0 ? null : Math.max(...(xs as number[])))
  return {
    eccn,
    determined: c.determined,
    classification: c,
    chips,
    vendor: c.item.vendor,
    tppPerUnit: c.tpp,
    maxChipTpp: max(chipResults.map((r) => r.tpp)),
    maxChipDramBandwidth: max(chipResults.map((r) => r.memoryBandwidthGBps)),
    interconnectGBps: max(chipResults.map((r) => r.interconnectGBps)),
    datacenter: c.datacenter,
    memoryBandwidthDensity: c.memoryBandwidthDensity,
    scope: new Map((c.determined ? c.licenseExceptions : checkLicenseExceptions({ rules, asOf, eccn, datacenter: c.datacenter, memoryBandwidthDensity: c.memoryBandwidthDensity })).map((l) => [l.id, l.canServe])),
  }
}

// ---------- licence exceptions NAC / ACA (15 CFR 740.8) ----------

/** NAC or ACA for an advanced-computing requirement, when the item is in scope and the destination/party allow it. */
function nacOrAca(ctx: Ctx, forRule: string): LicenseExceptionUse[] {
  const nac = parameterAt(ctx.rules, 'policies.license-exceptions.nac', ctx.asOf)
  const nacInForce = !!nac && nac.value !== null
  const acaCitation = cite(ctx, 'policies.license-exceptions.aca')
  const toD5 = isD5OrMacau(ctx, ctx.destT)
  const hq = hqD5Party(ctx)
  const useAca = !!acaCitation && !toD5 && !hq
  const id = useAca ? 'ACA' : 'NAC'
  if (!useAca && !nacInForce) return []
  const canServe = ctx.item.scope.get(id)
  if (canServe === false || canServe === undefined) return []
  if (canServe === null) {
    ctx.flags.push({ kind: 'condition', id: `${id.toLowerCase()}-datacenter-unknown`, text: `${id} is available only if the item is not designed or marketed for datacenters (for 3A090.a); that is unknown, so ${id} is not offered.` })
    return []
  }
  if (id === 'ACA') {
    return [{ id, for: forRule, conditions: ['No prior notification is required.', 'Not available where a part 744 or 746 licence requirement applies (other than the headquarters rule outside D:1/D:4/D:5).'], citations: [acaCitation!] }]
  }
  const days = parameterAt<number>(ctx.rules, 'policies.license-exceptions.nac-notification-days', ctx.asOf)
  const n = days?.value ?? null
  const nacCitation = cite(ctx, 'policies.license-exceptions.nac')!
  return [
    {
      id,
      for: forRule,
      conditions: [
        n === null ? 'Prior notification to BIS is required.' : `File a NAC notification in SNAP-R at least ${n} days before export; export only if BIS does not object within ${n} days.`,
        'The notification states the TPP, the performance density and how the item is designed and marketed (datacenter or not).',
        'A written purchase order is required.',
      ],
      ...(n === null ? {} : { notifyBy: minusDays(ctx.asOf, n) }),
      citations: [nacCitation, ...(days ? [cite(ctx, 'policies.license-exceptions.nac-notification-days')!] : [])],
    },
  ]
}

// ---------- 15 CFR 742.6(a)(6)(iii): the regional-stability destination requirement ----------

/** October 2022: 3A090/4A090 to China (Hong Kong as China) and, from 2023-01-17, Macau. */
function destinationRequirementAsOf2022(ctx: Ctx): Requirement | null {
  if (!isAdvancedComputing(ctx.item.eccn)) return null
  const p = parameterAt<string[]>(ctx.rules, 'policies.license-requirements.ac-2022-destinations', ctx.asOf)
  if (!p?.value || !(p.value.includes(ctx.destT) || p.value.includes(ctx.dest))) return null
  return {
    ruleId: 'policies.license-requirements.ac-2022-destinations',
    text: `A licence is required to export ${ctx.item.eccn} items to ${ctx.dest}${ctx.destT !== ctx.dest ? ` (treated as ${ctx.destT})` : ''} under the October 2022 advanced-computing rule; no licence exception applies.`,
    citations: [cite(ctx, 'policies.license-requirements.ac-2022-destinations')!, ...(ctx.destT !== ctx.dest ? [treatedAs(ctx.rules, ctx.dest, ctx.asOf).citation!] : [])],
    part744: false,
    exceptions: [],
    policy: policyAt(ctx, 'policies.review.rs-2022-china'),
  }
}

/** The 2023 destination set: Country Groups D:1, D:4 and D:5, less destinations also in A:5 or A:6. */
function inDestinationSet2023(ctx: Ctx, code: string): boolean {
  const r = ctx.rules
  const inAny = ['d1', 'd4', 'd5'].some((g) => inGroup(r, g, code, ctx.asOf))
  const excluded = ['a5', 'a6'].some((g) => inGroup(r, g, code, ctx.asOf))
  return inAny && !excluded
}

function groupCitations(ctx: Ctx, groups: string[]): Citation[] {
  return groups.map((g) => groupAt(ctx.rules, g, ctx.asOf).citation).filter((c): c is Citation => !!c)
}

/** The review policy for a 742.6(a)(6)(iii) licence, 2023 text, with the January 2026 China/Macau policy. */
function destinationPolicy2023(ctx: Ctx): Policy {
  const toD5 = isD5OrMacau(ctx, ctx.destT)
  const base = toD5 ? policyAt(ctx, 'policies.review.rs-d5-macau') : hqD5Party(ctx) ? policyAt(ctx, 'policies.review.rs-headquartered-d5-macau') : policyAt(ctx, 'policies.review.rs-other-destinations')
  return withChinaCaseByCase(ctx, base)
}

/**
 * January 2026 (91 FR 1684, amending 742.6(b)(10)(iii)(A)(1)): exports from the United States to China or Macau of
 * commodities below the TPP and total DRAM bandwidth limits move from a presumption of denial to case-by-case review.
 */
function withChinaCaseByCase(ctx: Ctx, base: Policy): Policy {
  if (!(ctx.destT === 'CN' || ctx.destT === 'MO') || !parameterAt(ctx.rules, 'policies.review.china-case-by-case', ctx.asOf)) return base
  const tppLimit = thresholdAt(ctx.rules, 'policies.review.china-case-by-case-tpp', ctx.asOf)
  const bwLimit = thresholdAt(ctx.rules, 'policies.review.china-case-by-case-dram-bandwidth', ctx.asOf)
  const tpp = ctx.item.maxChipTpp
  const bw = ctx.item.maxChipDramBandwidth
  const citations = [...policyAt(ctx, 'policies.review.china-case-by-case').citations]
  if (!tppLimit || !bwLimit) return base
  if (tpp === null || bw === null) {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-unknown-metrics', text: `Case-by-case review under the January 2026 policy needs TPP < ${tppLimit.value} and total DRAM bandwidth < ${bwLimit.value} GB/s; the item's ${tpp === null ? 'TPP' : 'DRAM bandwidth'} is unknown.`, citations })
    return base
  }
  if (!(tpp < tppLimit.value && bw < bwLimit.value)) return base
  if (ctx.tx.from !== 'US') {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-us-only', text: 'The January 2026 case-by-case policy covers only exports from the United States; this export is from elsewhere, so the presumption of denial stands.', citations })
    return base
  }
  const missing = ['us-supply-sufficient', 'no-foundry-diversion', 'recipient-security-procedures', 'independent-us-testing'].filter((c) => !(ctx.tx.certifications ?? []).includes(c as never))
  if (missing.length) {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-certifications', text: `Case-by-case review requires the exporter's certifications; missing: ${missing.join(', ')}. Without them the presumption of denial applies.`, citations })
    return base
  }
  const cbc = policyAt(ctx, 'policies.review.china-case-by-case')
  return { ...cbc, citations: [...cbc.citations, cite(ctx, 'policies.review.china-case-by-case-tpp')!, cite(ctx, 'policies.review.china-case-by-case-dram-bandwidth')!] }
}

/** October 2023: D:1/D:4/D:5 less A:5/A:6, for 3A090.a/.b and 4A090. */
function destinationRequirementAsOf2023(ctx: Ctx): Requirement | null {
  if (!isAdvancedComputing(ctx.item.eccn)) return null
  if (!inDestinationSet2023(ctx, ctx.dest)) return null
  const groups = ['d1', 'd4', 'd5'].filter((g) => inGroup(ctx.rules, g, ctx.dest, ctx.asOf))
  const ruleId = 'policies.license-requirements.rs-destinations-2023'
  return {
    ruleId,
    text: `A licence is required to export ${ctx.item.eccn} items to ${ctx.dest}${ctx.destT !== ctx.dest ? ` (treated as ${ctx.destT})` : ''}, which is in Country Group ${groups.map((g) => g.toUpperCase().replace('D', 'D:')).join(', ')} and not in A:5 or A:6 (15 CFR 742.6(a)(6)(iii)).`,
    citations: [...groupCitations(ctx, [...groups, 'a5', 'a6']), sourceCitation(ctx, ruleId, 'fr-2023-23055', '15 CFR 742.6(a)(6)(iii)'), ...(ctx.destT !== ctx.dest ? [treatedAs(ctx.rules, ctx.dest, ctx.asOf).citation!] : [])],
    part744: false,
    exceptions: nacOrAca(ctx, ruleId),
    policy: destinationPolicy2023(ctx),
  }
}

/** Whether a source (guidance, a policy statement) had taken effect on the date asked. */
function sourceInEffect(ctx: Ctx, sourceId: string): boolean {
  const s = ctx.rules.sources.get(sourceId)
  if (!s) throw new AppError('DATA_UNKNOWN_SOURCE', { detail: `${sourceId} is not in data/sources.yaml` })
  return (s.effective ?? s.published) <= ctx.asOf
}

/** A citation straight to a source, for a rule whose structure (not a value) is in the code. */
function sourceCitation(ctx: Ctx, ruleId: string, sourceId: string, cfr: string): Citation {
  const s = ctx.rules.sources.get(sourceId)
  if (!s) throw new AppError('DATA_UNKNOWN_SOURCE', { detail: `${ruleId} cites ${sourceId}, which is not in data/sources.yaml` })
  return { ruleId, effective: (s.effective ?? s.published) as IsoDate, cfr, source: { id: s.id, citation: s.citation, title: s.title, url: s.url, ...(s.unverified ? { unverified: true } : {}) }, ...(s.unverified ? { unverified: true } : {}) }
}

export const destinationRequirement = byEffectiveDate('policies.license-requirements', {
  '2022-10-07': destinationRequirementAsOf2022,
  '2023-11-17': destinationRequirementAsOf2023,
})

// ---------- the AI Diffusion Rule, as published (90 FR 4544) ----------

function diffusionStatus(ctx: Ctx): { value: string; citation: Citation } | null {
  const p = parameterAt<string>(ctx.rules, 'policies.diffusion.status', ctx.asOf)
  if (!p || p.value === null) return null
  const { value, unit: _u, comparison: _c, note: _n, ...citation } = p
  return { value, citation }
}

/** 742.6(a)(6)(iii)(A) as published: 3A090.a/4A090.a need a licence to every destination; Tier 1/2/3 policies; LPP and AIA. */
function diffusionRequirement(ctx: Ctx, allocations: NonNullable<DeterminationResult['allocations']>): Requirement | null {
  if (!isAParagraph(ctx.item.eccn) || ctx.dest === ctx.tx.from) return null
  const status = diffusionStatus(ctx)!
  const tier1 = groupAt(ctx.rules, 'diffusion-tier1', ctx.asOf)
  const ruleId = 'policies.diffusion.worldwide-requirement'
  const base = sourceCitation(ctx, ruleId, 'fr-2025-00636', '15 CFR 742.6(a)(6)(iii)(A)')
  const hq = hqD5Party(ctx)
  const toTier3 = isD5OrMacau(ctx, ctx.destT) || !!hq
  const toTier1 = tier1.members.has(ctx.destT) && ctx.hqParties.every((p) => hqCodes(p).every((c) => tier1.members.has(c)))
  const exceptions: LicenseExceptionUse[] = []
  let policy: Policy
  const totalTpp = ctx.item.tppPerUnit === null ? null : ctx.item.tppPerUnit * ctx.tx.quantity
  if (toTier3) {
    policy = withChinaCaseByCase(ctx, policyAt(ctx, 'policies.review.diffusion-tier3'))
  } else if (toTier1) {
    policy = policyAt(ctx, 'policies.review.diffusion-tier1')
    if (ctx.item.datacenter !== false) {
      exceptions.push({ id: 'AIA', for: ruleId, conditions: ['Ultimate consignee certification (no IaaS training of 4E091 models for non-Tier 1 parties; no onward transfer outside Tier 1).', 'Written notice to the consignee with each shipment.', 'The IC must be designed by an approved or authorized IC designer.'], citations: [sourceCitation(ctx, 'policies.diffusion.aia', 'fr-2025-00636', '15 CFR 740.27')] })
    }
  } else {
    // Tier 2: LPP up to the consignee's yearly cap, otherwise a licence within the country allocation
    const lpp = thresholdAt(ctx.rules, 'policies.diffusion.lpp-consignee-annual', ctx.asOf)
    if (lpp && totalTpp !== null) {
      const used = ctx.tx.ledger?.consigneeYearTpp ?? 0
      const after = used + totalTpp
      allocations.lppConsigneeYear = { usedBefore: used, adding: totalTpp, cap: lpp.value, after, within: after <= lpp.value }
      const { value: _v, unit: _u, comparison: _c, note: _n, ...lppCitation } = lpp
      if (after <= lpp.value) {
        exceptions.push({ id: 'LPP', for: ruleId, conditions: [`The consignee's LPP total this calendar year becomes ${after.toLocaleString('en-US')} TPP of ${lpp.value.toLocaleString('en-US')}.`, 'Notify BIS of the export.'], citations: [lppCitation] })
      }
      if (ctx.tx.ledger?.consigneeYearTpp === undefined) ctx.flags.push({ kind: 'condition', id: 'lpp-ledger-missing', text: 'No ledger of earlier LPP exports to this consignee this year was given; the LPP check assumes none.' })
    }
    const cap = thresholdAt(ctx.rules, 'policies.diffusion.tier2-country-allocation', ctx.asOf)
    if (cap && totalTpp !== null) {
      const used = ctx.tx.ledger?.tier2CountryTpp?.[ctx.destT] ?? 0
      const after = used + totalTpp
      allocations.tier2Country = { country: ctx.destT, usedBefore: used, adding: totalTpp, cap: cap.value, after, within: after <= cap.value }
      const { value: _v, unit: _u, comparison: _c, note: _n, ...capCitation } = cap
      if (after > cap.value) policy = { ...policyAt(ctx, 'policies.review.diffusion-tier2-over-allocation'), citations: [...policyAt(ctx, 'policies.review.diffusion-tier2-over-allocation').citations, capCitation] }
      else {
        policy = { ...policyAt(ctx, 'policies.review.diffusion-tier2-within-allocation'), citations: [...policyAt(ctx, 'policies.review.diffusion-tier2-within-allocation').citations, capCitation] }
        if (after > cap.value * NEAR_CAP_FRACTION) ctx.flags.push({ kind: 'near-cap', id: 'tier2-allocation-near-cap', text: `${ctx.destT}'s Tier 2 allocation would be ${((after / cap.value) * 100).toFixed(1)} % used (${after.toLocaleString('en-US')} of ${cap.value.toLocaleString('en-US')} TPP).`, citations: [capCitation] })
      }
    } else policy = policyAt(ctx, 'policies.review.diffusion-tier2-within-allocation')
  }
  if (ctx.item.datacenter === false) exceptions.push(...nacOrAca(ctx, ruleId))
  if (status.value === 'published-compliance-delayed') ctx.flags.push({ kind: 'condition', id: 'diffusion-compliance-delayed', text: 'The AI Diffusion Rule was in effect but compliance was not required until 2025-05-15.', citations: [status.citation] })
  return {
    ruleId,
    text: `Under the AI Diffusion Rule as published, a licence is required to export ${ctx.item.eccn} items to any destination (${ctx.destT} is ${toTier3 ? 'Tier 3' : toTier1 ? 'Tier 1' : 'Tier 2'}${hq ? `; ${hq.name} is headquartered in D:5 or Macau` : ''}).`,
    citations: [base, status.citation, ...(tier1.citation ? [tier1.citation] : [])],
    part744: false,
    exceptions,
    policy,
  }
}

/** Share of a Tier 2 allocation beyond which a transaction is flagged as near the cap (a product setting, not a rule). */
const NEAR_CAP_FRACTION = 0.9

// ---------- 15 CFR 744.23(a)(3): the headquarters rule ----------

function headquartersRequirement(ctx: Ctx): Requirement | null {
  const ruleId = 'policies.license-requirements.headquarters-rule'
  if (parameterAt(ctx.rules, ruleId, ctx.asOf)?.value !== 'in-force' || !isAdvancedComputing(ctx.item.eccn)) return null
  const hq = hqD5Party(ctx)
  if (!hq || inDestinationSet2023(ctx, ctx.dest) || ctx.dest === 'US') return null
  const datacenterA = isAParagraph(ctx.item.eccn) && ctx.item.datacenter !== false
  const policy = policyAt(ctx, datacenterA ? 'policies.review.hq-rule-datacenter-a' : 'policies.review.hq-rule-other-items')
  return {
    ruleId,
    text: `A licence is required because ${hq.name} (${hq.role}) is headquartered, or has its ultimate parent headquartered, in ${hqCodes(hq).find((c) => isD5OrMacau(ctx, c))} (Country Group D:5 or Macau), even though ${ctx.dest} is outside D:1/D:4/D:5.`,
    citations: [cite(ctx, ruleId)!, ...groupCitations(ctx, ['d5'])],
    part744: false,
    exceptions: nacOrAca(ctx, ruleId),
    policy,
  }
}

// ---------- 3A090.c high-bandwidth memory ----------

function hbmRequirement(ctx: Ctx): Requirement | null {
  if (ctx.item.eccn !== '3A090.c' || !isD5OrMacau(ctx, ctx.destT)) return null
  const ruleId = 'policies.license-requirements.hbm'
  const hq = hqD5Party(ctx)
  const exceptions: LicenseExceptionUse[] = []
  if (ctx.item.scope.get('HBM') === true) exceptions.push({ id: 'HBM', for: ruleId, conditions: ['Memory bandwidth density below the licence exception HBM ceiling.'], citations: [cite(ctx, 'policies.license-exceptions.hbm')!] })
  const hbmSource = ctx.rules.sources.get(cite(ctx, 'ccl.3a090.c-memory-bandwidth-density')!.source.id)
  if (hbmSource?.compliance && ctx.asOf < hbmSource.compliance) ctx.flags.push({ kind: 'condition', id: 'hbm-compliance-date', text: `Compliance with the HBM changes was required from ${hbmSource.compliance}.` })
  return {
    ruleId,
    text: `A licence is required to export 3A090.c high-bandwidth memory to ${ctx.dest} (Macau or Country Group D:5) (15 CFR 742.6(a)(6)(i)(B)).`,
    citations: [cite(ctx, 'ccl.3a090.c-memory-bandwidth-density')!, ...groupCitations(ctx, ['d5'])],
    part744: false,
    exceptions,
    policy: policyAt(ctx, hq ? 'policies.review.hbm-headquartered-d5' : 'policies.review.hbm-not-headquartered-d5'),
  }
}

// ---------- is-informed letters ----------

type LetterValue = {
  company: string
  chips: string[]
  destinations: string[]
  destinationGroups: string[]
  headquartersIn: string[]
  headquartersGroups: string[]
  equivalence?: { memoryBandwidthGBps?: number; interconnectGBps?: number; tpp?: number }
  reviewPolicy: ReviewPolicy | null
}

function letterRequirements(ctx: Ctx): Requirement[] {
  const out: Requirement[] = []
  for (const [ruleId] of ctx.rules.parameters) {
    if (!ruleId.startsWith('policies.letters.')) continue
    const p = parameterAt<LetterValue>(ctx.rules, ruleId, ctx.asOf)
    if (!p || p.value === null) continue
    const letter = p.value
    const { value: _v, unit: _u, comparison: _c, note: _n, ...citation } = p
    const inDest = (code: string) => letter.destinations.includes(code) || letter.destinationGroups.some((g) => inGroup(ctx.rules, g, code, ctx.asOf))
    const inHq = (code: string) => letter.headquartersIn.includes(code) || letter.headquartersGroups.some((g) => inGroup(ctx.rules, g, code, ctx.asOf))
    const destHit = inDest(ctx.dest) || inDest(ctx.destT)
    const hqHit = ctx.hqParties.find((party) => hqCodes(party).some(inHq))
    if (!destHit && !hqHit) continue
    const named = ctx.item.chips.find((c) => letter.chips.includes(c))
    if (named) {
      out.push({
        ruleId,
        text: `BIS informed ${letter.company} that ${named} needs a licence ${destHit ? `to ${ctx.dest}` : `for ${hqHit!.name}, headquartered in ${hqCodes(hqHit!).find(inHq)}`}; no licence exception applies.`,
        citations: [citation],
        part744: true,
        exceptions: [],
        policy: letter.reviewPolicy ? { value: letter.reviewPolicy, ruleId, citations: [citation] } : null,
      })
      continue
    }
    const eq = letter.equivalence
    if (eq && ctx.item.vendor === letter.company) {
      const m = ctx.item
      const reached = [
        eq.memoryBandwidthGBps !== undefined && m.maxChipDramBandwidth !== null && m.maxChipDramBandwidth >= eq.memoryBandwidthGBps ? `memory bandwidth ${m.maxChipDramBandwidth} GB/s >= ${eq.memoryBandwidthGBps}` : null,
        eq.interconnectGBps !== undefined && m.interconnectGBps !== null && m.interconnectGBps >= eq.interconnectGBps ? `interconnect ${m.interconnectGBps} GB/s >= ${eq.interconnectGBps}` : null,
        eq.tpp !== undefined && m.maxChipTpp !== null && m.maxChipTpp >= eq.tpp ? `TPP ${Math.round(m.maxChipTpp)} >= ${eq.tpp}` : null,
      ].filter(Boolean)
      if (reached.length) ctx.flags.push({ kind: 'possible-coverage', id: `${ruleId}-equivalence`, text: `The ${letter.company} letter also covers ICs that reach the named products' capabilities; this item reaches ${reached.join(', ')}. Ask ${letter.company} or BIS whether it is covered.`, citations: [citation] })
    }
  }
  return out
}

// ---------- General Prohibition 10 guidance (PRC advanced-computing ICs) ----------

function gp10Requirement(ctx: Ctx): Requirement | null {
  const p = parameterAt<string[]>(ctx.rules, 'policies.gp10-prc-advanced-ics', ctx.asOf)
  if (!p?.value) return null
  const chip = ctx.item.chips.find((c) => p.value!.includes(c))
  if (!chip) return null
  const { value: _v, unit: _u, comparison: _c, note: _n, ...citation } = p
  return {
    ruleId: 'policies.gp10-prc-advanced-ics',
    text: `BIS guidance of 2025-05-13 names ${chip}: using, selling, transferring, financing or servicing it anywhere risks violating General Prohibition 10; no licence exception applies.`,
    citations: [citation],
    prohibited: true,
    part744: true,
    exceptions: [],
    policy: null,
  }
}

// ---------- end uses (part 744) ----------

function endUseRequirements(ctx: Ctx): Requirement[] {
  const cats = new Set(ctx.tx.endUse?.categories ?? [])
  const out: Requirement[] = []
  if (cats.has('wmd')) {
    out.push({ ruleId: 'policies.end-use.wmd', text: 'A licence is required for any item subject to the EAR known to be for a nuclear, missile, chemical or biological weapons end use (15 CFR 744.2-744.4).', citations: policyAt(ctx, 'policies.review.end-use-wmd').citations, part744: true, exceptions: [], policy: policyAt(ctx, 'policies.review.end-use-wmd') })
  }
  if (cats.has('military') || cats.has('military-intelligence')) {
    const p = parameterAt<string[]>(ctx.rules, 'policies.end-use.military-end-use-destinations', ctx.asOf)
    if (p?.value && (p.value.includes(ctx.destT) || p.value.includes(ctx.dest))) {
      out.push({ ruleId: 'policies.end-use.military-end-use-destinations', text: `A licence is required for a military end use or military end user in ${ctx.dest} (15 CFR 744.21).`, citations: [cite(ctx, 'policies.end-use.military-end-use-destinations')!], part744: true, exceptions: [], policy: policyAt(ctx, 'policies.review.end-use-military') })
    } else {
      ctx.flags.push({ kind: 'red-flag', id: 'military-end-use', text: `A military end use was declared; ${ctx.dest} is not a 744.21 destination, but check 744.22 (military-intelligence) and the ITAR.` })
    }
  }
  if (cats.has('supercomputer') && isD5OrMacau(ctx, ctx.destT)) {
    out.push({ ruleId: 'policies.end-use.supercomputer', text: `A licence is required for items for a supercomputer end use in ${ctx.dest} (Macau or D:5) (15 CFR 744.23(a)(1)).`, citations: [...policyAt(ctx, 'policies.review.end-use-supercomputer').citations, ...groupCitations(ctx, ['d5'])], part744: true, exceptions: [], policy: policyAt(ctx, 'policies.review.end-use-supercomputer') })
  }
  if (cats.has('ai-training') && sourceInEffect(ctx, 'bis-2025-05-13-ai-training-policy') && (isD5OrMacau(ctx, ctx.destT) || hqD5Party(ctx))) {
    ctx.flags.push({ kind: 'red-flag', id: 'ai-training-d5', text: 'BIS policy statement of 2025-05-13: training AI models for D:5 (incl. China) parties, or for WMD/military-intelligence end uses, with advanced ICs may need a licence under part 744, including U.S.-person support.', citations: [sourceCitation(ctx, 'policies.end-use.ai-training', 'bis-2025-05-13-ai-training-policy', '15 CFR 744.6; 744.23')] })
  }
  return out
}

// ---------- listed parties (screening) and the Affiliates Rule ----------

const LIST_NAMES: Record<string, string> = { el: 'Entity List', meu: 'Military End-User List', dpl: 'Denied Persons List', sdn: 'SDN List', uvl: 'Unverified List' }

function policyFromText(text: string | undefined): ReviewPolicy | null {
  const t = (text ?? '').toLowerCase()
  if (t.includes('denial')) return 'presumption-of-denial'
  if (t.includes('case-by-case') || t.includes('case by case')) return 'case-by-case'
  if (t.includes('approval')) return 'presumption-of-approval'
  return null
}

function listCitation(ctx: Ctx, list: string, hit: PartyScreeningResult['hits'][number]): Citation {
  return {
    ruleId: `lists.${list}`,
    effective: (hit.listedOn ?? ctx.asOf) as IsoDate,
    cfr: list === 'el' ? '15 CFR 744.11; supp. no. 4 to part 744' : list === 'meu' ? '15 CFR 744.21; supp. no. 7 to part 744' : list === 'dpl' ? '15 CFR 764.3(a)(2)' : list === 'sdn' ? '31 CFR chapter V' : '15 CFR 744.15',
    source: { id: `${hit.snapshot?.source ?? 'list'}:${hit.entryId}`, citation: hit.federalRegisterNotice ?? `${LIST_NAMES[list] ?? list} entry ${hit.entryId}`, title: hit.primaryName, url: '' },
  }
}

function screenParties(ctx: Ctx, screener: PartyScreener | undefined): { outcomes: PartyOutcome[]; requirements: Requirement[]; snapshots: DeterminationResult['listSnapshots'] } {
  const outcomes: PartyOutcome[] = []
  const requirements: Requirement[] = []
  const snapshots = new Map<string, DeterminationResult['listSnapshots'][number]>()
  if (!screener && ctx.tx.parties.length) ctx.flags.push({ kind: 'not-screened', id: 'parties-not-screened', text: 'No list snapshot is loaded, so the parties were not screened: import the lists (chipnav lists import / update) and run again.' })
  const affiliates = parameterAt<string>(ctx.rules, 'policies.affiliates-rule', ctx.asOf)
  const affiliatesInForce = affiliates?.value === 'in-force'
  const ownershipThreshold = thresholdAt(ctx.rules, 'policies.affiliates-ownership-threshold', ctx.asOf)
  const run = (name: string, country?: string) => {
    if (!screener) return null
    const r = screener.screen({ name, country })
    for (const s of r.snapshots) snapshots.set(s.source, s)
    return r
  }
  for (const party of ctx.tx.parties) {
    const screening = run(party.name, party.country)
    const owners = (party.owners ?? []).map((o) => ({ name: o.name, share: o.share, screening: run(o.name, o.country) }))
    outcomes.push({ role: party.role, name: party.name, country: party.country, headquarters: party.headquarters ?? null, ultimateParentHeadquarters: party.ultimateParentHeadquarters ?? null, screening, owners })
    for (const hit of screening?.hits ?? []) {
      ctx.flags.push({ kind: 'screening-review', id: `hit-${party.role}-${hit.list}-${hit.entryId}`, text: `${party.name} (${party.role}) matches ${LIST_NAMES[hit.list] ?? hit.list.toUpperCase()} entry "${hit.primaryName}" (${hit.entryId}, score ${hit.score.toFixed(2)}); confirm or clear the hit.` })
      const req = listedPartyRequirement(ctx, party, hit)
      if (req) requirements.push(req)
    }
    // the Affiliates Rule: listed owners holding 50 % or more in aggregate
    const listedOwners = owners.filter((o) => o.screening?.hits.some((h) => h.list === 'el' || h.list === 'meu'))
    const share = listedOwners.reduce((s, o) => s + o.share, 0)
    if (listedOwners.length && ownershipThreshold && share >= ownershipThreshold.value) {
      const { value: _v, unit: _u, comparison: _c, note: _n, ...statusCitation } = affiliates!
      if (affiliatesInForce) {
        const policies = listedOwners.flatMap((o) => o.screening!.hits.filter((h) => h.list === 'el' || h.list === 'meu').map((h) => policyFromText(h.licensePolicy) ?? 'presumption-of-denial'))
        const worst = policies.sort((a, b) => RESTRICTIVENESS[b] - RESTRICTIVENESS[a])[0] ?? 'presumption-of-denial'
        requirements.push({
          ruleId: 'policies.affiliates-rule',
          text: `${party.name} is ${Math.round(share * 100)} % owned by listed parties (${listedOwners.map((o) => o.name).join(', ')}); under the Affiliates Rule it is treated as listed: a licence is required and the most restrictive owner's policy applies.`,
          citations: [statusCitation],
          part744: true,
          exceptions: [],
          policy: { value: worst, ruleId: 'policies.affiliates-rule', citations: [statusCitation] },
        })
      } else {
        ctx.flags.push({ kind: 'red-flag', id: 'affiliates-rule-suspended', text: `${party.name} is ${Math.round(share * 100)} % owned by listed parties; the Affiliates Rule is ${affiliates?.value ?? 'not in force'} on ${ctx.asOf}, so it imposes no requirement, but this is a red flag.`, citations: affiliates ? [statusCitation] : [] })
      }
    }
  }
  return { outcomes, requirements, snapshots: [...snapshots.values()] }
}

function listedPartyRequirement(ctx: Ctx, party: Party, hit: PartyScreeningResult['hits'][number]): Requirement | null {
  const citation = listCitation(ctx, hit.list, hit)
  const who = `${party.name} (${party.role}) matches ${LIST_NAMES[hit.list] ?? hit.list} entry "${hit.primaryName}"`
  switch (hit.list) {
    case 'el': {
      const policy = policyFromText(hit.licensePolicy)
      return { ruleId: 'lists.el', text: `${who}: licence required for ${hit.licenseRequirement ?? 'all items subject to the EAR'}; ${hit.licensePolicy ?? 'presumption of denial'}. No licence exception applies.`, citations: [citation], part744: true, exceptions: [], policy: { value: policy ?? 'presumption-of-denial', ruleId: 'lists.el', citations: [citation] } }
    }
    case 'meu':
      return { ruleId: 'lists.meu', text: `${who}: a licence is required (15 CFR 744.21), reviewed under a presumption of denial.`, citations: [citation], part744: true, exceptions: [], policy: { value: 'presumption-of-denial', ruleId: 'lists.meu', citations: [citation] } }
    case 'dpl':
      return { ruleId: 'lists.dpl', text: `${who}: a denial order prohibits taking part in any export transaction with this person.`, citations: [citation], prohibited: true, part744: true, exceptions: [], policy: null }
    case 'sdn':
      return { ruleId: 'lists.sdn', text: `${who}: property and interests of SDNs are blocked; U.S. persons may not deal with them without an OFAC licence.`, citations: [citation], prohibited: true, part744: true, exceptions: [], policy: null }
    case 'uvl':
      ctx.flags.push({ kind: 'red-flag', id: `uvl-${hit.entryId}`, text: `${who}: licence exceptions are unavailable and a UVL statement is required before export (15 CFR 744.15).`, citations: [citation] })
      return null
    default:
      ctx.flags.push({ kind: 'red-flag', id: `list-${hit.list}-${hit.entryId}`, text: `${who}; check the programme's restrictions.`, citations: [citation] })
      return null
  }
}

// ---------- putting it together ----------

function combine(requirements: Requirement[]): { verdict: Verdict; exceptions: LicenseExceptionUse[]; policy: Policy | null } {
  if (requirements.some((r) => r.prohibited)) return { verdict: 'PROHIBITED', exceptions: [], policy: null }
  if (requirements.length === 0) return { verdict: 'NLR', exceptions: [], policy: null }
  const blockedByPart744 = requirements.some((r) => r.part744)
  const chosen: LicenseExceptionUse[] = []
  const uncovered: Requirement[] = []
  for (const r of requirements) {
    const usable = r.exceptions.filter((e) => !(blockedByPart744 && ['NAC', 'ACA', 'LPP', 'AIA'].includes(e.id)))
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

function run(tx: Transaction, opts: DetermineOptions, regime: Regime): DeterminationResult {
  const { rules } = opts
  const asOf = tx.date
  const flags: Flag[] = []
  const item = itemFacts(tx, rules, asOf, flags)
  const dest = tx.to
  const destT = treatedAs(rules, dest, asOf).code
  const ctx: Ctx = { rules, asOf, regime, tx, item, dest, destT, hqParties: tx.parties.filter((p) => p.role === 'ultimate-consignee' || p.role === 'end-user'), flags }
  const allocations: NonNullable<DeterminationResult['allocations']> = {}

  const requirements: Requirement[] = []
  const diffusion = regime === 'as-published' ? diffusionStatus(ctx) : null
  const rs = diffusion && isAParagraph(item.eccn) ? diffusionRequirement(ctx, allocations) : destinationRequirement.at(asOf, rules).fn(ctx)
  if (rs) requirements.push(rs)
  if (!(diffusion && isAParagraph(item.eccn))) {
    const hq = headquartersRequirement(ctx)
    if (hq) requirements.push(hq)
  }
  for (const r of [hbmRequirement(ctx), gp10Requirement(ctx)]) if (r) requirements.push(r)
  requirements.push(...letterRequirements(ctx), ...endUseRequirements(ctx))
  const screened = screenParties(ctx, opts.screener)
  requirements.push(...screened.requirements)

  flags.push(...evaluateRedFlags({ rules, asOf, answers: tx.answers ?? {} }))
  const transship = parameterAt<string[]>(rules, 'policies.transshipment-risk-destinations', asOf)
  if (transship?.value?.includes(destT)) {
    const { value: _v, unit: _u, comparison: _c, note: _n, ...citation } = transship
    flags.push({ kind: 'transshipment-risk', id: 'transshipment-risk-destination', text: `${dest} has been named by the U.S. government as a diversion route for advanced AI chips: review the end user and the onward destination.`, citations: [citation] })
  }

  const { verdict, exceptions, policy } = combine(requirements)
  const reasons: Reason[] = requirements.map((r) => ({ ruleId: r.ruleId, text: r.text, citations: r.citations }))
  if (policy) reasons.push({ ruleId: policy.ruleId, text: `Licence applications would be reviewed ${POLICY_WORDS[policy.value!]}.`, citations: policy.citations })
  for (const e of exceptions) reasons.push({ ruleId: `policies.license-exceptions.${e.id.toLowerCase()}`, text: `Licence exception ${e.id} can serve for ${e.for}: ${e.conditions.join(' ')}`, citations: e.citations })
  if (reasons.length === 0) reasons.push(nlrReason(ctx))

  // every unverified rule the answer leans on is named
  const seen = new Set<string>()
  for (const c of reasons.flatMap((r) => r.citations)) {
    if (c.unverified && !seen.has(c.ruleId)) {
      seen.add(c.ruleId)
      flags.push({ kind: 'unverified-rule', id: `unverified-${c.ruleId}`, text: `This answer relies on ${c.ruleId} (${c.source.citation}, effective ${c.effective}), which could not be verified against the primary text.`, citations: [c] })
    }
  }
  const totalTpp = item.tppPerUnit === null ? null : item.tppPerUnit * tx.quantity
  return {
    date: asOf,
    regime,
    verdict,
    licenseExceptions: exceptions,
    reviewPolicy: policy?.value ?? null,
    reasons,
    flags,
    item: { ref: tx.item, eccn: item.eccn, determined: item.determined, tppPerUnit: item.tppPerUnit, totalTpp, datacenter: item.datacenter, chips: item.chips, classification: item.classification },
    quantity: tx.quantity,
    from: tx.from,
    to: dest,
    toTreatedAs: destT,
    parties: screened.outcomes,
    ...(Object.keys(allocations).length ? { allocations } : {}),
    listSnapshots: screened.snapshots,
    rulesVersion: rules.version,
  }
}

function nlrReason(ctx: Ctx): Reason {
  const eccn = ctx.item.eccn
  const c = ctx.item.classification
  const citations = c ? c.trace.slice(0, 1).map((s) => s.citation) : []
  if (!eccn) return { ruleId: 'determination.nlr', text: `The item is outside 3A090/4A090 on ${ctx.asOf}, and no letter, end-use or listed-party requirement applies: no licence required under these rules (check the rest of the CCL).`, citations }
  return { ruleId: 'determination.nlr', text: `${eccn} items need no licence to ${ctx.dest} on ${ctx.asOf} for these parties and end uses (NLR).`, citations }
}

/** Both regimes screen the same names: screen each name once per determination. */
function memoizeScreener(screener: PartyScreener): PartyScreener {
  const cache = new Map<string, PartyScreeningResult>()
  return {
    screen(q) {
      const key = `${q.name}\u0000${q.country ?? ''}\u0000${q.type ?? ''}`
      let r = cache.get(key)
      if (!r) cache.set(key, (r = screener.screen(q)))
      return r
    },
  }
}

/**
 * Determine what a transaction needs on its date. Under "as-enforced" (the default) the answer is what BIS
 * enforced that day; where "as-published" (the regulatory text) differs, a flag says how.
 */
export function determine(input: unknown, opts: DetermineOptions): DeterminationResult {
  const tx = parseTransaction(input)
  const regime = opts.regime ?? 'as-enforced'
  opts = { ...opts, ...(opts.screener ? { screener: memoizeScreener(opts.screener) } : {}) }
  const result = run(tx, opts, regime)
  const other: Regime = regime === 'as-enforced' ? 'as-published' : 'as-enforced'
  if (parameterAt(opts.rules, 'policies.diffusion.status', tx.date)) {
    const alt = run(tx, opts, other)
    if (alt.verdict !== result.verdict || alt.reviewPolicy !== result.reviewPolicy) {
      result.flags.push({ kind: 'regime-difference', id: 'regime-difference', text: `Under the ${other} regime the answer would be ${alt.verdict}${alt.reviewPolicy ? ` (${alt.reviewPolicy})` : ''}${alt.licenseExceptions.length ? ` with ${alt.licenseExceptions.map((e) => e.id).join(', ')}` : ''}: ${alt.reasons[0]?.text ?? ''}` })
    }
  }
  result.flags = withFlagSources(result.flags, opts.rules) // issue 9: each flag names its source
  return result
}
