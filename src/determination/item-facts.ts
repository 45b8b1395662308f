/** The item as the requirement families need it: its ECCN on the date, the chips it contains and their metrics. */
import { classify3A090 } from '../classification/classify-3a090.js'
import { classifyCatalogueItem, classifyItem, unknownChip } from '../classification/classify-item.js'
import { computeTpp } from '../classification/compute-tpp.js'
import { checkLicenseExceptions } from '../classification/license-exceptions.js'
import type { ChipSpec, ItemSpec } from '../rules/chip-schemas.js'
import { specFromCatalogue } from '../rules/chip-spec.js'
import type { Rules } from '../rules/load-rules.js'
import { citationFor, parameterAt } from '../rules/parameter-at.js'
import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { ItemFacts } from './requirement-context.js'
import type { Transaction } from './transaction-schema.js'
import type { Flag } from './types.js'

export function itemFacts(tx: Transaction, rules: Rules, asOf: IsoDate, flags: Flag[]): ItemFacts {
  const ref = tx.item
  const firstEccnDate = classify3A090.dates.at(-1)!
  if ('eccn' in ref) {
    if (asOf < firstEccnDate) {
      const event = rules.events.find((e) => e.date === firstEccnDate && e.rules.some((r) => r === 'ccl.3a090' || r.startsWith('ccl.3a090.')))
      throw eccnDidNotExist(rules, ref.eccn, asOf, firstEccnDate, event?.source)
    }
    refuseEccnNotYetInForce(rules, ref.eccn, asOf)
    flags.push({ kind: 'condition', id: 'item-eccn-only', text: `Only the ECCN (${ref.eccn}) was given: TPP, datacenter design and product-specific letters cannot be checked.` })
    const scope = new Map(checkLicenseExceptions({ rules, asOf, eccn: ref.eccn, datacenter: null, memoryBandwidthDensity: null }).map((l) => [l.id, l.canServe]))
    return { eccn: ref.eccn, determined: true, classification: null, chips: [], vendor: null, tppPerUnit: null, maxChipTpp: null, maxChipDramBandwidth: null, interconnectGBps: null, datacenter: null, memoryBandwidthDensity: null, scope }
  }
  if (asOf < firstEccnDate) return describeByModel(tx, rules, asOf, firstEccnDate, flags)
  const opts = { rules, asOf }
  const c = 'chip' in ref ? classifyCatalogueItem(ref.chip, opts, 'item.chip') : 'system' in ref ? classifyCatalogueItem(ref.system, opts, 'item.system') : classifyItem(ref.spec, opts, 'item.spec')
  let eccn = c.eccn
  if (!c.determined) {
    const rank = (e: string | null) => (e === null ? 0 : e.endsWith('.a') ? 3 : e.endsWith('.c') ? 2 : 1)
    eccn = c.possibleEccns.map((p) => p.eccn).sort((a, b) => rank(b) - rank(a))[0] ?? null
    flags.push({ kind: 'condition', id: 'classification-undetermined', text: `The classification is undetermined (${c.openQuestions.join('; ')}); this answer assumes the most restrictive possibility, ${eccn ?? 'outside 3A090'}.` })
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

/**
 * Before ECCNs 3A090/4A090 existed (the letter era): the item is described by its model (catalogue id, vendor,
 * components, TPP and bandwidths from its specification) so that letters naming products can apply; it has no ECCN
 * under these rules. `chipnav classify` on the same date keeps answering that 3A090 was not yet in force.
 */
function describeByModel(tx: Transaction, rules: Rules, asOf: IsoDate, firstEccnDate: IsoDate, flags: Flag[]): ItemFacts {
  const ref = tx.item as Exclude<Transaction['item'], { eccn: string }>
  const spec: ItemSpec = 'spec' in ref ? ref.spec : 'chip' in ref ? catalogueSpec(rules, ref.chip, 'item.chip') : catalogueSpec(rules, ref.system, 'item.system')
  const parts: { id: string | null; spec: ChipSpec; count: number }[] =
    spec.kind === 'system'
      ? spec.components.map((c) => ('chip' in c ? { id: c.chip, spec: catalogueSpec(rules, c.chip) as ChipSpec, count: c.count } : { id: c.spec.id, spec: c.spec, count: c.count }))
      : spec.kind === 'chip'
        ? [{ id: spec.id, spec, count: 1 }]
        : []
  const tppOf = (c: ChipSpec) => computeTpp(c.throughput)?.tpp ?? null
  const max = (xs: (number | null | undefined)[]) => (xs.length === 0 || xs.some((x) => x === null || x === undefined) ? null : Math.max(...(xs as number[])))
  const tpps = parts.map((p) => tppOf(p.spec))
  const event = rules.events.find((e) => e.date === firstEccnDate && e.rules.some((r) => r === 'ccl.3a090' || r.startsWith('ccl.3a090.')))
  flags.push({
    kind: 'condition',
    id: 'eccn-not-yet-in-force',
    text: `ECCNs 3A090 and 4A090 took effect on ${firstEccnDate}; on ${asOf} the item has no advanced-computing ECCN and is described by its model (${spec.id}${parts.length > 1 || spec.kind === 'system' ? `: ${parts.map((p) => `${p.count} x ${p.id}`).join(', ')}` : ''}). Only the rules then in force (is-informed letters, end uses, listed parties) apply.`,
    ...(event ? { citations: [citationFor(rules, 'ccl.3a090', firstEccnDate, event.source, '15 CFR 774 supp. 1, ECCN 3A090')] } : {}),
  })
  return {
    eccn: null,
    determined: true,
    classification: null,
    chips: [spec.id, ...parts.map((p) => p.id).filter((id): id is string => id !== null && id !== spec.id)],
    vendor: spec.vendor ?? null,
    tppPerUnit: parts.length === 0 || tpps.some((t) => t === null) ? null : parts.reduce((s, p, i) => s + p.count * tpps[i]!, 0),
    maxChipTpp: max(tpps),
    maxChipDramBandwidth: max(parts.map((p) => p.spec.memory?.bandwidthGBps)),
    interconnectGBps: max(parts.map((p) => p.spec.interconnectGBps)),
    datacenter: spec.kind === 'memory' ? null : (spec.datacenter ?? null),
    memoryBandwidthDensity: null,
    scope: new Map(),
  }
}

function catalogueSpec(rules: Rules, id: string, field?: string): ItemSpec {
  const entry = rules.catalogue.get(id)
  if (!entry) throw unknownChip(id, rules, field)
  return specFromCatalogue(entry)
}

/** The rules that name the ECCNs an item may be given by: the advanced-computing and high-bandwidth-memory requirements (data). */
const ECCN_SET_RULES = ['policies.license-requirements.advanced-computing-eccns', 'policies.license-requirements.hbm']

/** An item given by an ECCN paragraph that no rule names yet on the date (3A090.c before 2024-12-02) did not exist then. */
function refuseEccnNotYetInForce(rules: Rules, eccn: string, asOf: IsoDate): void {
  const named = (ruleId: string) => parameterAt<string[]>(rules, ruleId, asOf)?.value?.includes(eccn) ?? false
  if (ECCN_SET_RULES.some(named)) return
  const first = ECCN_SET_RULES.flatMap((id) => rules.parameters.get(id)?.values.filter((v) => (v.value as string[] | null)?.includes(eccn)) ?? []).sort((a, b) => (a.effective < b.effective ? -1 : 1))[0]
  if (!first || first.effective <= asOf) return // named by no rule at all, or repealed: the families say what applies
  throw eccnDidNotExist(rules, eccn, asOf, first.effective, first.source)
}

/**
 * An item given by an ECCN paragraph on a date before the paragraph existed. The question has an answer chipnav
 * cannot give — the item then fell under another CCL entry (or EAR99), which it does not determine — so it is refused
 * (RULE_NOT_IN_FORCE, exit 2, HTTP 422) with that answer as the message, the rule that created the paragraph cited,
 * and what chipnav can answer instead. Not an UNDETERMINED verdict: that assumes the most restrictive outcome among
 * those chipnav models, and on that date the ECCN named none of them (review F16, documented in CHANGELOG).
 */
function eccnDidNotExist(rules: Rules, eccn: string, asOf: IsoDate, first: IsoDate, sourceId: string | undefined): AppError {
  const source = sourceId ? rules.sources.get(sourceId) : undefined
  return new AppError('RULE_NOT_IN_FORCE', {
    detail:
      `${eccn} did not exist on ${asOf}: it was created effective ${first}${source ? ` (${source.citation})` : ''}. Before then such an item fell under ` +
      `other CCL entries (or EAR99), and chipnav does not determine which or what they required. To apply the rules chipnav does model on ${asOf} ` +
      `(is-informed letters, end uses, listed parties), give the item by its model or specification (item.chip, item.system or item.spec); or ask from ${first}.`,
    issues: [{ path: 'item.eccn', message: `${eccn} did not exist before ${first}: give the item by model or specification, or a date from ${first}` }],
    asOf,
    firstEffective: first,
  })
}
