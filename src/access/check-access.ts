/**
 * `checkAccess(input, { rules, screener, authorisations })`: who may use the compute or receive the technology, answered as of a
 * date in both regimes, with the verdict vocabulary, cited reasons and flags of a transaction determination.
 * Remote use of compute is not an export of the chips (the flags say what applies instead); a release of technology
 * is an export, deemed export or deemed reexport; 4E091 model weights follow the AI Diffusion Rule as published.
 */
import { rulesCurrencyFlag } from '../determination/rules-currency-flag.js'
import type { IsoDate } from '../shared/iso-date.js'
import { classifyCatalogueItem, classifyItem } from '../classification/classify-item.js'
import type { RecordedAuthorisation } from '../determination/authorisation-cover.js'
import { combineRequirements } from '../determination/combine-requirements.js'
import { unreviewedHitFlag } from '../determination/requirements/listed-parties.js'
import { pendingHitOf, POLICY_WORDS, type RequirementOutcome } from '../determination/requirement-context.js'
import type { Flag, PartyHit, PartyScreener, PartyScreeningResult, PendingReview, Reason, Regime, ReviewPolicy, Verdict } from '../determination/types.js'
import type { Rules } from '../rules/load-rules.js'
import { AppError } from '../shared/errors.js'
import { authorisationCover } from './authorisation-cover.js'
import { listedPartyOutcome, modelWeights, remoteCompute, technologyRelease, type AccessContext } from './access-rules.js'
import { parseAccessCheck, releaseLocation, type AccessCheck } from './access-schema.js'

export type AccessCheckResult = {
  date: string
  regime: Regime
  verdict: Verdict
  reviewPolicy: ReviewPolicy | null
  /** false for remote use of compute (not an export); true for a release of technology, software or model weights */
  isExport: boolean
  /** for a release: the country it takes place in (`where.accessFrom` when given, else `where.country`); null for compute */
  releasedIn: string | null
  /** for a release to a foreign person: the countries it is attributed to as a deemed export or reexport (not the country it takes place in) */
  attributedTo: string[]
  /** what is used or released, named for a reader: "ECCN 3E001 technology for the NVIDIA H100 SXM (3A090.a)" */
  subject: string
  reasons: Reason[]
  flags: Flag[]
  itemEccn: string | null
  screened: { role: string; name: string; screening: PartyScreeningResult | null }[]
  /**
   * The verdict rests on screening matches no officer has reviewed: it holds if they are confirmed (the cautious answer,
   * as a determination gives it, with a `screening-review` flag per match); `ifCleared` is the answer if they are cleared. Null when no match decides anything.
   */
  pendingReview: PendingReview | null
  listSnapshots: { source: string; sha256: string; listDate?: string }[]
  rulesVersion: string
  otherRegime?: { regime: Regime; verdict: Verdict; reviewPolicy: ReviewPolicy | null }
}

export type { PendingReview }

export type CheckAccessOptions = {
  rules: Rules
  regime?: Regime
  screener?: PartyScreener
  /** the recorded authorisations valid on the check's date (loaded by the caller from the store): one that covers the access is said and cited */
  authorisations?: readonly RecordedAuthorisation[]
}

export function checkAccess(input: unknown, opts: CheckAccessOptions): AccessCheckResult {
  const check = parseAccessCheck(input)
  const regime = opts.regime ?? 'as-enforced'
  const screened = screenAll(check, opts.screener)
  const result = run(check, opts.rules, regime, screened)
  const other = run(check, opts.rules, regime === 'as-enforced' ? 'as-published' : 'as-enforced', screened)
  if (other.verdict !== result.verdict || other.reviewPolicy !== result.reviewPolicy) {
    result.flags.push({ kind: 'regime-difference', id: 'regime-difference', text: `Under the rules ${other.regime === 'as-published' ? 'as published' : 'as BIS enforces them'} the answer is ${other.verdict}${other.reviewPolicy ? ` (${POLICY_WORDS[other.reviewPolicy]})` : ''}.` })
  }
  // a recorded VEU (or other) authorisation that covers the access is said, cited as recorded and with its
  // programme's dated data; one that matches but cannot cover on the date (its programme ended) says why
  if (opts.authorisations) result.flags.push(...authorisationCover(check, result.itemEccn, opts.authorisations, opts.rules, regime).flags)
  const currency = rulesCurrencyFlag(opts.rules, check.date as IsoDate)
  if (currency) result.flags.push(currency)
  return { ...result, otherRegime: { regime: other.regime, verdict: other.verdict, reviewPolicy: other.reviewPolicy } }
}

type Screened = AccessCheckResult['screened']

/** The condition flags that say why an access needs no licence: the first one raised is the answer's reason. */
const NLR_LEADS = new Set(['iaas-not-an-export', 'deemed-release-analysis', 'release-abroad-analysis', '4e091-not-enforced', '4e091-compliance-delayed'])

function screenAll(check: AccessCheck, screener: PartyScreener | undefined): Screened {
  const names: { role: string; name: string; country?: string }[] = [{ role: check.who.kind === 'person' ? 'person' : 'tenant', name: check.who.name, country: check.who.kind === 'person' ? check.who.citizenships[0] : check.who.country }]
  if (check.who.kind === 'person' && check.who.employer) names.push({ role: 'employer', name: check.who.employer.name, country: check.who.employer.country })
  if (check.who.kind === 'organisation') for (const o of check.who.owners ?? []) names.push({ role: 'owner', name: o.name, ...(o.country ? { country: o.country } : {}) })
  if (check.purpose?.forParty) names.push({ role: 'work-for', name: check.purpose.forParty.name, country: check.purpose.forParty.country })
  if (check.where.operator) names.push({ role: 'operator', name: check.where.operator.name, country: check.where.operator.country })
  return names.map((n) => ({ role: n.role, name: n.name, screening: screener ? screener.screen({ name: n.name, ...(n.country ? { country: n.country } : {}) }) : null }))
}

function itemEccnOf(check: AccessCheck, rules: Rules, flags: Flag[]): string | null {
  const what = check.what
  const ref = what.kind === 'compute' ? what.item : what.kind === 'technology' ? what.forItem : undefined
  if (!ref) return what.kind === 'technology' ? null : '4E091'
  if ('eccn' in ref) return ref.eccn
  try {
    return classifyRef(ref, check, rules, flags)
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'RULE_NOT_IN_FORCE')) throw e
    flags.push({ kind: 'condition', id: 'advanced-computing-not-in-force', text: `${e.message}: the item is not 3A090/4A090 on ${check.date}.` })
    return null
  }
}

function classifyRef(ref: Exclude<NonNullable<Extract<AccessCheck['what'], { kind: 'technology' }>['forItem']>, { eccn: string }>, check: AccessCheck, rules: Rules, flags: Flag[]): string | null {
  const at = check.what.kind === 'compute' ? 'what.item' : 'what.forItem'
  const c = 'chip' in ref ? classifyCatalogueItem(ref.chip, { rules, asOf: check.date }, `${at}.chip`) : 'system' in ref ? classifyCatalogueItem(ref.system, { rules, asOf: check.date }, `${at}.system`) : classifyItem(ref.spec, { rules, asOf: check.date })
  if (!c.determined) flags.push({ kind: 'condition', id: 'classification-undetermined', text: `The item's classification is undetermined (${c.openQuestions.join('; ')}).` })
  return c.eccn ?? (c.determined ? null : (c.possibleEccns.find((p) => p.eccn !== null)?.eccn ?? null))
}

type ItemRef = Extract<AccessCheck['what'], { kind: 'compute' }>['item']

/** An item as a reader knows it: the catalogue's vendor and model, the specification's model, or its ECCN. */
function itemName(ref: ItemRef, rules: Rules): string {
  if ('eccn' in ref) return `an item in ${ref.eccn}`
  if ('spec' in ref) return ref.spec.model ? `the ${[ref.spec.vendor, ref.spec.model].filter(Boolean).join(' ')}` : 'the item specified'
  const id = 'chip' in ref ? ref.chip : ref.system
  const entry = rules.catalogue.get(id)
  return entry?.model ? `the ${[entry.vendor, entry.model].filter(Boolean).join(' ')}` : id
}

/** What the check is about: the technology or software released (its ECCN first), the compute used, or model weights. */
function describeSubject(check: AccessCheck, rules: Rules, itemEccn: string | null): string {
  const what = check.what
  const eccn = itemEccn ? ` (${itemEccn})` : ''
  if (what.kind === 'technology') return `ECCN ${what.eccn} ${what.eccn[2] === 'D' ? 'software' : 'technology'}${what.forItem ? ` for ${itemName(what.forItem, rules)}${eccn}` : ''}`
  if (what.kind === 'compute') return `${what.quantity} × ${itemName(what.item, rules).replace(/^the /, '')}${eccn}`
  return `model weights${what.published ? ' (published)' : ''}`
}

function run(check: AccessCheck, rules: Rules, regime: Regime, screened: Screened): Omit<AccessCheckResult, 'otherRegime'> {
  const flags: Flag[] = []
  let itemEccn = itemEccnOf(check, rules, flags)
  // technology for an item not given: it is for the family the ECCN follows (3E001 → 3A090)
  const ctx: AccessContext = { rules, asOf: check.date, regime, check, itemEccn, flags }
  const requirements: RequirementOutcome[] = [...technologyRelease(ctx), ...remoteCompute(ctx), ...modelWeights(ctx)]
  // one reason per party and list: its best-scoring entry, the others counted (all of them are in `screened`); no
  // officer has reviewed these matches, so each raises the determination's review flag and holds only if confirmed
  const onHits: RequirementOutcome[] = []
  const pendingHits: PendingReview['hits'] = []
  for (const s of screened) {
    const byList = new Map<string, PartyHit[]>()
    for (const hit of s.screening?.hits ?? []) byList.set(hit.list, [...(byList.get(hit.list) ?? []), hit])
    for (const hits of byList.values()) {
      const best = hits.reduce((a, b) => (b.score > a.score ? b : a))
      flags.push(unreviewedHitFlag(s, best))
      const r = listedPartyOutcome(ctx, s.role, s.name, best, hits.length - 1, s.screening?.snapshots ?? [])
      if (!r) continue
      onHits.push(r)
      pendingHits.push(pendingHitOf(s, best))
    }
  }
  if (!screened.some((s) => s.screening)) flags.push({ kind: 'not-screened', id: 'parties-not-screened', text: 'No list snapshot is loaded, so the person, tenant and parties were not screened: import the lists and run again.' })
  // the verdict is the cautious one (every match taken as confirmed, as determine() does); the answer if they are cleared is given beside it
  const ifCleared = onHits.length ? combineRequirements(requirements, { rules: ctx.rules, asOf: ctx.asOf }) : null
  requirements.push(...onHits)
  const { verdict, policy } = combineRequirements(requirements, { rules: ctx.rules, asOf: ctx.asOf })
  const reasons: Reason[] = requirements.map((r) => ({ ruleId: r.ruleId, text: r.text, citations: r.citations }))
  if (policy?.value) reasons.push({ ruleId: policy.ruleId, text: `Licence applications would be reviewed ${POLICY_WORDS[policy.value]}.`, citations: policy.citations })
  if (reasons.length === 0) {
    // the analysis that explains why nothing is required becomes the reason, and is not repeated as a flag
    const leadAt = flags.findIndex((f) => NLR_LEADS.has(f.id))
    const lead = leadAt === -1 ? undefined : flags.splice(leadAt, 1)[0]
    reasons.push({ ruleId: 'access.nlr', text: lead ? lead.text : itemEccn === null && check.what.kind !== 'model-weights' ? `The item is outside 3A090/4A090 on ${check.date}: its technology and remote use are not controlled by these rules.` : `No licence requirement applies to this access on ${check.date} under these rules.`, citations: lead?.citations ?? [] })
  }
  const who = check.who
  const isExport = check.what.kind !== 'compute'
  itemEccn = ctx.itemEccn
  return {
    date: check.date,
    regime,
    verdict,
    reviewPolicy: policy?.value ?? null,
    isExport,
    subject: describeSubject(check, rules, itemEccn),
    releasedIn: isExport ? releaseLocation(check) : null,
    attributedTo: isExport && who.kind === 'person' && !who.usPerson ? [...new Set([...who.permanentResidency, ...who.citizenships])].filter((c) => c !== releaseLocation(check)) : [],
    reasons,
    flags,
    itemEccn,
    screened,
    pendingReview: ifCleared ? { hits: pendingHits, ifCleared: { verdict: ifCleared.verdict, reviewPolicy: ifCleared.policy?.value ?? null } } : null,
    listSnapshots: [...new Map(screened.flatMap((s) => s.screening?.snapshots ?? []).map((s) => [s.source, s])).values()],
    rulesVersion: rules.version,
  }
}
