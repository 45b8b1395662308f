/** The item as the requirement families need it: its ECCN on the date, the chips it contains and their metrics. */
import { classifyCatalogueItem, classifyItem } from '../classification/classify-item.js'
import { checkLicenseExceptions } from '../classification/license-exceptions.js'
import type { Rules } from '../rules/load-rules.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { ItemFacts } from './requirement-context.js'
import type { Transaction } from './transaction-schema.js'
import type { Flag } from './types.js'

export function itemFacts(tx: Transaction, rules: Rules, asOf: IsoDate, flags: Flag[]): ItemFacts {
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
