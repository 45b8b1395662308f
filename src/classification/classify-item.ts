import { deepFreeze } from '../shared/deep-freeze.js'
import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { ChipSpec, ItemSpec, MemorySpec, SystemSpec } from '../rules/chip-schemas.js'
import { specFromCatalogue } from '../rules/chip-spec.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, thresholdAt, type Citation } from '../rules/parameter-at.js'
import { classify3A090, RULE_IDS_BY_METRIC, type Eccn3A090, type IcMetrics } from './classify-3a090.js'
import { computePerformanceDensity } from './compute-performance-density.js'
import { computeTpp, type TppBasis } from './compute-tpp.js'
import { checkLicenseExceptions, type LicenseExceptionCheck } from './license-exceptions.js'
import { thresholdValues, type TraceStep } from './trace.js'
import { closestIds } from './catalogue-suggestions.js'

export type Eccn = Eccn3A090 | '4A090.a' | '4A090.b'

export type PossibleEccn = { eccn: Eccn | null; when: string }

export type ClassificationResult = {
  item: { id: string; kind: 'chip' | 'system' | 'memory'; vendor: string | null; model: string | null }
  /** the date the answer is about */
  date: IsoDate
  /** sha256 of data/ */
  rulesVersion: string
  /** which dated version of the 3A090 text was applied */
  ruleVersion: { ruleId: string; effective: IsoDate; source: Citation['source'] }
  /** null when outside 3A090/4A090 (or, with determined=false, when it cannot be decided) */
  eccn: Eccn | null
  paragraph: string | null
  determined: boolean
  /** when not determined: each ECCN still possible and what it would take */
  possibleEccns: PossibleEccn[]
  openQuestions: string[]
  tpp: number | null
  tppBasis: TppBasis | null
  performanceDensity: number | null
  applicableDieAreaMm2: number | null
  interconnectGBps: number | null
  memoryBandwidthGBps: number | null
  memoryBandwidthDensity: number | null
  datacenter: boolean | null
  transistors: number | null
  licenseExceptions: LicenseExceptionCheck[]
  trace: TraceStep[]
  /** systems only */
  aggregateTpp?: number | null
  /** one per distinct part: lines naming the same chip or specification are merged (`mergedLines` of them) */
  components?: { chip: string; count: number; eccn: Eccn | null; determined: boolean; tpp: number | null; result: ClassificationResult; mergedLines?: number }[]
}

export type ClassifyOptions = { rules: Rules; asOf: IsoDate }

/**
 * Catalogue classifications already made, per loaded rules: a catalogue entry's answer depends only on
 * the rules (immutable once loaded) and the date, and a determination service asks for the same few
 * chips on the same few dates again and again. Answers are frozen, as callers share them.
 */
const catalogueAnswers = new WeakMap<Rules, Map<string, ClassificationResult>>()
const CATALOGUE_ANSWERS_MAX = 5_000

/** Classify a catalogue entry by id; an unknown id suggests the closest ids (and names `field`, the input it came from). */
export function classifyCatalogueItem(id: string, opts: ClassifyOptions, field?: string): ClassificationResult {
  let answers = catalogueAnswers.get(opts.rules)
  if (answers === undefined) catalogueAnswers.set(opts.rules, (answers = new Map()))
  const key = `${id}\u0000${opts.asOf}`
  const known = answers.get(key)
  if (known !== undefined) return known
  const entry = opts.rules.catalogue.get(id)
  if (!entry) throw unknownChip(id, opts.rules, field)
  const result = deepFreeze(classifyItem(specFromCatalogue(entry), opts))
  if (answers.size >= CATALOGUE_ANSWERS_MAX) answers.clear()
  answers.set(key, result)
  return result
}


export function unknownChip(id: string, rules: Rules, field?: string): AppError {
  const suggestions = closestIds(id, [...rules.catalogue.values()])
  return new AppError('UNKNOWN_CHIP', {
    detail: `no chip or system has the id "${id}"${suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''}`,
    suggestions,
    ...(field ? { issues: [{ path: field, message: `"${id}" is not a catalogue id (chipnav chips and GET /v1/chips list them)` }] } : {}),
  })
}

/** Classify a specification; `field` is where the input holds it (e.g. `item.spec`), named in errors about its parts. */
export function classifyItem(spec: ItemSpec, opts: ClassifyOptions, field?: string): ClassificationResult {
  if (spec.kind === 'system') return classifySystem(spec, opts, field)
  return classifyIc(spec, opts)
}

function metricsOf(spec: ChipSpec | MemorySpec) {
  if (spec.kind === 'memory') {
    const bw = spec.memory.bandwidthGBps
    const area = spec.memory.stackAreaMm2
    return {
      tppResult: null,
      pd: { performanceDensity: null, applicableDieAreaMm2: null } as ReturnType<typeof computePerformanceDensity>,
      ic: {
        kind: 'memory',
        tpp: null,
        performanceDensity: null,
        interconnectGBps: null,
        datacenter: null,
        memoryBandwidthDensity: bw === null || area === null ? null : bw / area,
        copackagedWithLogic: spec.copackagedWithLogic ?? null,
      } satisfies IcMetrics,
    }
  }
  const tppResult = computeTpp(spec.throughput)
  const pd = computePerformanceDensity(tppResult?.tpp ?? null, spec.dies)
  return {
    tppResult,
    pd,
    ic: {
      kind: 'chip',
      tpp: tppResult?.tpp ?? null,
      performanceDensity: pd.performanceDensity,
      interconnectGBps: spec.interconnectGBps ?? null,
      datacenter: spec.datacenter ?? null,
      memoryBandwidthDensity: null,
      copackagedWithLogic: null,
    } satisfies IcMetrics,
  }
}

const METRIC_LABELS: Record<keyof typeof RULE_IDS_BY_METRIC | 'datacenter' | 'copackagedWithLogic', string> = {
  tpp: 'TPP',
  performanceDensity: 'performance density',
  interconnectGBps: 'aggregate bidirectional I/O (GB/s)',
  memoryBandwidthDensity: 'memory bandwidth density (GB/s/mm2)',
  datacenter: 'designed or marketed for datacenters',
  copackagedWithLogic: 'co-packaged with a logic IC',
}

/** Enumerate the values an unknown input could take (one per interval between the thresholds in force) and collect the outcomes. */
function possibleOutcomes(ic: IcMetrics, opts: ClassifyOptions): PossibleEccn[] {
  type Axis = { key: keyof IcMetrics; values: { v: number | boolean; label: string }[] }
  const axes: Axis[] = []
  for (const key of ['tpp', 'performanceDensity', 'interconnectGBps', 'memoryBandwidthDensity'] as const) {
    if (ic[key] !== null) continue
    if (key !== 'memoryBandwidthDensity' && ic.kind === 'memory') continue
    if (key === 'memoryBandwidthDensity' && ic.kind !== 'memory') continue
    const ts = thresholdValues(opts.rules, opts.asOf, [...RULE_IDS_BY_METRIC[key]])
    if (ts.length === 0) continue
    // points: below all, each threshold, and just above each (for strict ">" tests)
    const pts = [0, ...ts.flatMap((t) => [t, t * (1 + 1e-9)])]
    axes.push({ key, values: pts.map((v) => ({ v, label: '' })) })
  }
  for (const key of ['datacenter', 'copackagedWithLogic'] as const) {
    if (ic[key] !== null) continue
    if (key === 'copackagedWithLogic' && ic.kind !== 'memory') continue
    axes.push({ key, values: [{ v: true, label: 'yes' }, { v: false, label: 'no' }] })
  }
  const { fn } = classify3A090.at(opts.asOf, opts.rules)
  const results: { eccn: Eccn | null | undefined; point: Partial<Record<keyof IcMetrics, number | boolean>> }[] = []
  const walk = (i: number, point: Partial<Record<keyof IcMetrics, number | boolean>>) => {
    if (i === axes.length) {
      const o = fn({ ...ic, ...point } as IcMetrics, opts)
      results.push({ eccn: o.eccn, point })
      return
    }
    const axis = axes[i]!
    for (const { v } of axis.values) walk(i + 1, { ...point, [axis.key]: v })
  }
  walk(0, {})
  // describe each distinct outcome by the ranges of each unknown that lead to it
  const byEccn = new Map<Eccn | null, typeof results>()
  for (const r of results) {
    if (r.eccn === undefined) continue
    const list = byEccn.get(r.eccn) ?? []
    list.push(r)
    byEccn.set(r.eccn, list)
  }
  const out: PossibleEccn[] = []
  const boolAxes = axes.filter((a) => typeof a.values[0]?.v === 'boolean')
  const numAxes = axes.filter((a) => typeof a.values[0]?.v === 'number')
  for (const [eccn, list] of byEccn) {
    // every unknown jointly (TPP ≥ 1600 leads to 3A090.a only with a performance density ≥ 5.92), never each on its own
    const alternatives = describeCells(list.map((r) => r.point), [...boolAxes, ...numAxes]).map((a) => a || 'in every case')
    out.push({ eccn, when: alternatives.join('; or ') })
  }
  return out
}

/**
 * The grid cells (one value per numeric unknown) that lead to one outcome, as alternatives of joint ranges: split on
 * the first unknown, merge its values whose cells in the other unknowns are the same, and describe those recursively.
 * '' stands for "any value of every unknown left".
 */
function describeCells(cells: Partial<Record<keyof IcMetrics, number | boolean>>[], axes: { key: keyof IcMetrics; values: { v: number | boolean }[] }[]): string[] {
  const [axis, ...rest] = axes
  if (!axis) return ['']
  const label = METRIC_LABELS[axis.key as keyof typeof METRIC_LABELS]
  const byValue = new Map<number | boolean, typeof cells>()
  for (const c of cells) {
    const v = c[axis.key] as number | boolean
    byValue.set(v, [...(byValue.get(v) ?? []), c])
  }
  const bySub = new Map<string, (number | boolean)[]>()
  for (const [v, sub] of byValue) {
    const key = JSON.stringify(describeCells(sub, rest))
    bySub.set(key, [...(bySub.get(key) ?? []), v])
  }
  const all = axis.values.map((x) => x.v)
  const out: string[] = []
  for (const [key, values] of bySub) {
    let own = ''
    if (new Set(values).size < new Set(all).size) {
      if (typeof values[0] === 'boolean') own = `${label}: ${values[0] ? 'yes' : 'no'}`
      else {
        const ranges = describeRanges(all as number[], values as number[])
        own = `${label} ${ranges.includes(' or ') ? `(${ranges})` : ranges}`
      }
    }
    for (const sub of JSON.parse(key) as string[]) out.push([own, sub].filter(Boolean).join(' and '))
  }
  return out
}

/** Turn a set of sample points (out of the sorted grid `all`) into readable ranges such as "≥ 3.2 and < 5.92". */
function describeRanges(all: number[], chosen: number[]): string {
  const grid = [...new Set(all)].sort((a, b) => a - b)
  const set = new Set(chosen)
  const ranges: string[] = []
  let i = 0
  while (i < grid.length) {
    if (!set.has(grid[i]!)) {
      i++
      continue
    }
    const start = grid[i]!
    let j = i
    while (j + 1 < grid.length && set.has(grid[j + 1]!)) j++
    const end = grid[j + 1]
    const lo = start === 0 ? null : isNudged(start) ? `> ${fmt(unNudge(start))}` : `≥ ${fmt(start)}`
    const hi = end === undefined ? null : isNudged(end) ? `≤ ${fmt(unNudge(end))}` : `< ${fmt(end)}`
    ranges.push([lo, hi].filter(Boolean).join(' and ') || 'any value')
    i = j + 1
  }
  return ranges.join(' or ')
}
const isNudged = (x: number) => Math.abs(x / (1 + 1e-9) - Math.round((x / (1 + 1e-9)) * 1e6) / 1e6) < 1e-12 && x !== Math.round(x * 1e6) / 1e6
const unNudge = (x: number) => Math.round((x / (1 + 1e-9)) * 1e6) / 1e6
const fmt = (x: number) => String(Math.round(x * 1e6) / 1e6)

function openQuestionsFor(ic: IcMetrics, pdReason: string | undefined, possible: PossibleEccn[]): string[] {
  const q: string[] = []
  const between = possible.map((p) => p.eccn ?? 'outside 3A090').join(', ')
  const decides = `it decides between ${between}`
  if (ic.tpp === null && ic.kind === 'chip') q.push(`TPP is unknown (no throughput figures); ${decides}`)
  if (ic.performanceDensity === null && ic.kind === 'chip') q.push(`Performance density is unknown (${pdReason ?? 'not computable'}); ${decides}`)
  if (ic.datacenter === null && ic.kind === 'chip') q.push(`Whether the item is designed or marketed for datacenters is unknown; ${decides}`)
  if (ic.interconnectGBps === null && ic.kind === 'chip') q.push(`The aggregate bidirectional I/O rate is unknown; ${decides}`)
  if (ic.kind === 'memory' && ic.memoryBandwidthDensity === null) q.push(`The memory bandwidth density is unknown (bandwidth or stack area missing); ${decides}`)
  if (ic.kind === 'memory' && ic.copackagedWithLogic === null) q.push(`Whether the memory is co-packaged with a logic IC is unknown; ${decides}`)
  return q
}

/** Only the inputs the applied version actually tested leave a question open. */
function relevantUnknowns(ic: IcMetrics, trace: TraceStep[], possible: PossibleEccn[]): IcMetrics {
  const tested = new Set(trace.filter((s) => s.outcome === 'unknown').map((s) => s.ruleId))
  const uses = (key: keyof typeof RULE_IDS_BY_METRIC) => RULE_IDS_BY_METRIC[key].some((id) => tested.has(id))
  return {
    ...ic,
    tpp: ic.tpp === null && !uses('tpp') ? 0 : ic.tpp,
    performanceDensity: ic.performanceDensity === null && !uses('performanceDensity') ? 0 : ic.performanceDensity,
    interconnectGBps: ic.interconnectGBps === null && !uses('interconnectGBps') ? 0 : ic.interconnectGBps,
    datacenter: ic.datacenter === null && !tested.has('ccl.3a090.datacenter-note-tpp') && possible.length > 0 ? false : ic.datacenter,
  }
}

function classifyIc(spec: ChipSpec | MemorySpec, opts: ClassifyOptions): ClassificationResult {
  const { rules, asOf } = opts
  const version = classify3A090.at(asOf, rules)
  const { tppResult, pd, ic } = metricsOf(spec)
  const outcome = version.fn(ic, opts)
  const determined = outcome.eccn !== undefined
  const possible = determined ? [] : possibleOutcomes(ic, opts)
  const open = determined ? [] : openQuestionsFor(relevantUnknowns(ic, outcome.trace, possible), pd.unknownBecause, possible)
  const eccn = outcome.eccn ?? null
  const trace = [...outcome.trace]
  const transistors = spec.kind === 'chip' ? spec.transistors ?? null : null
  if (spec.kind === 'chip') trace.push(...foundryNote(spec, opts))
  return {
    item: { id: spec.id, kind: spec.kind, vendor: spec.vendor ?? null, model: spec.model ?? null },
    date: asOf,
    rulesVersion: rules.version,
    ruleVersion: ruleVersionOf(rules, version.effective),
    eccn,
    paragraph: outcome.paragraph,
    determined,
    possibleEccns: possible,
    openQuestions: open,
    tpp: tppResult?.tpp ?? null,
    tppBasis: tppResult?.basis ?? null,
    performanceDensity: pd.performanceDensity,
    applicableDieAreaMm2: pd.applicableDieAreaMm2,
    interconnectGBps: ic.interconnectGBps,
    memoryBandwidthGBps: spec.memory?.bandwidthGBps ?? null,
    memoryBandwidthDensity: ic.memoryBandwidthDensity,
    datacenter: ic.datacenter,
    transistors,
    licenseExceptions: determined ? checkLicenseExceptions({ rules, asOf, eccn, datacenter: ic.datacenter, memoryBandwidthDensity: ic.memoryBandwidthDensity }) : [],
    trace,
  }
}

/** Which dated version of 3A090 was applied, with the source of the event that made it. */
function ruleVersionOf(rules: Rules, effective: IsoDate): ClassificationResult['ruleVersion'] {
  const event = rules.events.find((e) => e.date === effective && e.rules.some((r) => r === classify3A090.ruleId))
  const s = event ? rules.sources.get(event.source) : undefined
  if (!s) throw new AppError('DATA_INVALID', { detail: `no event in data/events.yaml names ${classify3A090.ruleId} on ${effective}` })
  return { ruleId: classify3A090.ruleId, effective, source: { id: s.id, citation: s.citation, title: s.title, url: s.url } }
}

/** Note 1 to 3A090.a (foundry presumption): reported for information, never used for the verdict. */
function foundryNote(spec: ChipSpec, opts: ClassifyOptions): TraceStep[] {
  const hasHbm = spec.memory?.type?.startsWith('HBM') ?? null
  const ruleId = hasHbm === false ? 'ccl.3a090.foundry-presumption-transistors-without-hbm' : 'ccl.3a090.foundry-presumption-transistors'
  const t = thresholdAt(opts.rules, ruleId, opts.asOf)
  if (!t) return []
  const { value, unit, comparison, note, ...citation } = t
  const n = spec.transistors ?? null
  const below = n === null ? null : n < value
  return [
    {
      ruleId,
      test: `Note 1 to 3A090.a (foundry/OSAT presumption): aggregated approximated transistor count ${comparison ?? '<'} ${value}${hasHbm === false ? ' (package without HBM)' : ''}`,
      measured: n,
      threshold: value,
      comparison: comparison ?? null,
      unit,
      outcome: 'info',
      citation,
      note:
        (n === null
          ? 'Transistor count unknown.'
          : below
            ? 'Below the threshold: a front-end fabricator or OSAT could rebut the 3A090.a presumption by attestation.'
            : 'At or above the threshold: a front-end fabricator or OSAT would presume the IC is 3A090.a and designed for datacenters unless an approved IC designer attests otherwise.') +
        ' Reported for information only; not used for this classification.' +
        (note ? ` ${note}` : ''),
    },
  ]
}

const RESTRICTIVENESS: Record<string, number> = { '4A090.a': 2, '4A090.b': 1 }

function classifySystem(spec: SystemSpec, opts: ClassifyOptions, field?: string): ClassificationResult {
  const { rules, asOf } = opts
  const version = classify3A090.at(asOf, rules)
  const map = parameterAt<Record<string, string>>(rules, 'ccl.4a090.paragraph-map', asOf)
  if (!map || map.value === null) throw new AppError('RULE_NOT_IN_FORCE', { detail: `4A090 was not in force on ${asOf}` })
  const { value: paragraphMap, unit, comparison: _c, note: _n, ...mapCitation } = map
  // lines naming the same chip (or the same specification) are one component with their counts added:
  // each distinct part is classified, and kept in the answer, once
  const lines = new Map<string, { chipSpec: ChipSpec; count: number; lines: number }>()
  spec.components.forEach((c, i) => {
    let chipSpec: ChipSpec
    if ('chip' in c) {
      const entry = rules.catalogue.get(c.chip)
      if (!entry) throw unknownChip(c.chip, rules, `${field ? `${field}.` : ''}components.${i}.chip`)
      const s = specFromCatalogue(entry)
      if (s.kind !== 'chip') throw new AppError('VALIDATION_FAILED', { issues: [{ path: `components.${i}.chip`, message: `"${c.chip}" is a ${s.kind}, not a chip` }] })
      chipSpec = s
    } else chipSpec = c.spec
    const key = 'chip' in c ? `catalogue:${c.chip}` : `spec:${JSON.stringify(c.spec)}`
    const line = lines.get(key)
    if (line) {
      line.count += c.count
      line.lines++
    } else lines.set(key, { chipSpec, count: c.count, lines: 1 })
  })
  const components = [...lines.values()].map(({ chipSpec, count, lines: n }) => {
    const result = classifyIc(chipSpec, opts)
    return { chip: chipSpec.id, count, eccn: result.eccn, determined: result.determined, tpp: result.tpp, result, ...(n > 1 ? { mergedLines: n } : {}) }
  })
  const trace: TraceStep[] = components.map((c) => ({
    ruleId: 'ccl.4a090.paragraph-map',
    test: `contains ${c.count} x ${c.chip}: ${c.determined ? c.eccn ?? 'outside 3A090' : 'undetermined'} → ${c.determined ? (c.eccn ? paragraphMap[c.eccn] ?? 'not 4A090' : 'not 4A090') : 'undetermined'}`,
    measured: c.determined ? c.eccn ?? 'outside 3A090' : null,
    threshold: null,
    comparison: null,
    unit,
    outcome: c.determined ? (c.eccn && paragraphMap[c.eccn] ? 'met' : 'not-met') : 'unknown',
    citation: mapCitation,
    ...(c.mergedLines ? { note: `${c.mergedLines} lines of the bill of materials name this part: counted together` } : {}),
  }))
  const mapped = (e: Eccn | null) => (e ? (paragraphMap[e] as Eccn | undefined) ?? null : null)
  const pick = (eccns: (Eccn | null)[]) => eccns.reduce<Eccn | null>((best, e) => ((RESTRICTIVENESS[e ?? ''] ?? 0) > (RESTRICTIVENESS[best ?? ''] ?? 0) ? e : best), null)
  const determinedEccn = pick(components.filter((c) => c.determined).map((c) => mapped(c.eccn)))
  const undetermined = components.filter((c) => !c.determined)
  // every combination of what the undetermined components could be, reduced to the most restrictive 4A090 paragraph
  let combos: (Eccn | null)[] = [determinedEccn]
  for (const c of undetermined) {
    const options = c.result.possibleEccns.map((p) => mapped(p.eccn))
    combos = combos.flatMap((x) => options.map((o) => pick([x, o])))
  }
  const candidates = [...new Set(combos)]
  const determined = candidates.length === 1
  const eccn = determined ? candidates[0] ?? null : null
  const possibleEccns: PossibleEccn[] = determined
    ? []
    : candidates.map((e) => ({
        eccn: e,
        when: undetermined
          .map((c) => `${c.chip}: ${c.result.possibleEccns.filter((p) => pick([determinedEccn, mapped(p.eccn)]) === e).map((p) => p.when).join(' or ') || 'any'}`)
          .join('; '),
      }))
  const openQuestions = determined ? [] : undetermined.flatMap((c) => c.result.openQuestions.map((q) => `${c.chip}: ${q}`))
  const tpps = components.map((c) => (c.tpp === null ? null : c.tpp * c.count))
  const aggregateTpp = tpps.includes(null) ? null : tpps.reduce<number>((s, x) => s + (x ?? 0), 0)
  const datacenter = spec.datacenter ?? (components.every((c) => c.result.datacenter === true) ? true : components.some((c) => c.result.datacenter === null) ? null : false)
  return {
    item: { id: spec.id, kind: 'system', vendor: spec.vendor ?? null, model: spec.model ?? null },
    date: asOf,
    rulesVersion: rules.version,
    ruleVersion: ruleVersionOf(rules, version.effective),
    eccn,
    paragraph: eccn,
    determined,
    possibleEccns,
    openQuestions,
    tpp: aggregateTpp,
    tppBasis: null,
    performanceDensity: null,
    applicableDieAreaMm2: null,
    interconnectGBps: null,
    memoryBandwidthGBps: null,
    memoryBandwidthDensity: null,
    datacenter,
    transistors: null,
    licenseExceptions: determined ? checkLicenseExceptions({ rules, asOf, eccn, datacenter, memoryBandwidthDensity: null }) : [],
    trace,
    aggregateTpp,
    components,
  }
}
