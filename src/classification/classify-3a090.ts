/**
 * ECCN 3A090 (15 CFR 774 supp. 1), as it stood on each date. Each version is a named function that reads its
 * thresholds from data/ through `thresholdAt`; no number appears inline.
 */
import type { IsoDate } from '../shared/iso-date.js'
import { byEffectiveDate } from '../rules/by-effective-date.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt } from '../rules/parameter-at.js'
import { and, not, or, testThreshold, type TraceStep, type Tri } from './trace.js'

export type Eccn3A090 = '3A090.a' | '3A090.b' | '3A090.c'

/** What the 3A090 tests look at. null = unknown. */
export type IcMetrics = {
  kind: 'chip' | 'memory'
  tpp: number | null
  performanceDensity: number | null
  interconnectGBps: number | null
  datacenter: boolean | null
  /** memory only */
  memoryBandwidthDensity: number | null
  copackagedWithLogic: boolean | null
}

/** undefined eccn = cannot be decided from what is known */
export type Outcome3A090 = { eccn: Eccn3A090 | null | undefined; paragraph: string | null; trace: TraceStep[] }

type Ctx = { rules: Rules; asOf: IsoDate }

export const R = {
  io2022: 'ccl.3a090.2022-io-rate',
  bitTops2022: 'ccl.3a090.2022-bit-tops',
  a1Tpp: 'ccl.3a090.a1-tpp',
  a2Tpp: 'ccl.3a090.a2-tpp',
  a2Pd: 'ccl.3a090.a2-pd',
  b1TppMin: 'ccl.3a090.b1-tpp-min',
  b1TppMax: 'ccl.3a090.b1-tpp-max',
  b1PdMin: 'ccl.3a090.b1-pd-min',
  bPdMax: 'ccl.3a090.b-pd-max',
  b2Tpp: 'ccl.3a090.b2-tpp',
  b2PdMin: 'ccl.3a090.b2-pd-min',
  datacenterNote: 'ccl.3a090.datacenter-note-tpp',
  hbm: 'ccl.3a090.c-memory-bandwidth-density',
} as const

/** The rule ids each version reads: the scenario grid for unknown inputs uses their thresholds. */
export const RULE_IDS_BY_METRIC = {
  tpp: [R.bitTops2022, R.a1Tpp, R.a2Tpp, R.b1TppMin, R.b1TppMax, R.b2Tpp, R.datacenterNote],
  performanceDensity: [R.a2Pd, R.b1PdMin, R.bPdMax, R.b2PdMin],
  interconnectGBps: [R.io2022],
  memoryBandwidthDensity: [R.hbm],
} as const

function info(ctx: Ctx, ruleId: string, test: string, measured: TraceStep['measured'], note?: string): TraceStep {
  const p = parameterAt(ctx.rules, ruleId, ctx.asOf)
  if (!p) throw new Error(`${ruleId} not in force on ${ctx.asOf}`)
  const { value: _v, unit, comparison: _c, note: pnote, ...citation } = p
  return { ruleId, test, measured, threshold: null, comparison: null, unit, outcome: 'info', citation, ...(note ? { note } : {}), ...(pnote ? { versionNote: pnote } : {}) }
}

/** 3A090 as created by the October 2022 rule: I/O >= 600 GB/s AND bit length x TOPS >= 4800. */
export function classify3A090AsOf2022(m: IcMetrics, ctx: Ctx): Outcome3A090 {
  const trace: TraceStep[] = []
  if (m.kind === 'memory') {
    trace.push(info(ctx, R.io2022, '3A090 (2022) has no memory paragraph; 3A090.c (HBM) dates from 2024-12-02', null))
    return { eccn: null, paragraph: null, trace }
  }
  const io = testThreshold({ ...ctx, ruleId: R.io2022, label: '3A090.a: aggregate bidirectional I/O (GB/s)', measured: m.interconnectGBps, trace })
  const perf = testThreshold({ ...ctx, ruleId: R.bitTops2022, label: '3A090.a.1: bit length x TOPS', measured: m.tpp, trace })
  const isA = and(io, perf)
  return isA === null ? { eccn: undefined, paragraph: null, trace } : { eccn: isA ? '3A090.a' : null, paragraph: isA ? '3A090.a.1' : null, trace }
}

/** 3A090 from the October 2023 rule: .a/.b on TPP and performance density, the datacenter note, and (from 2024-12-02) .c for HBM. */
export function classify3A090AsOf2023(m: IcMetrics, ctx: Ctx): Outcome3A090 {
  const trace: TraceStep[] = []
  if (m.kind === 'memory') return classifyHbm(m, ctx, trace)
  const a1 = testThreshold({ ...ctx, ruleId: R.a1Tpp, label: '3A090.a.1: TPP', measured: m.tpp, trace })
  const a2 = and(
    testThreshold({ ...ctx, ruleId: R.a2Tpp, label: '3A090.a.2: TPP', measured: m.tpp, trace }),
    testThreshold({ ...ctx, ruleId: R.a2Pd, label: '3A090.a.2: performance density', measured: m.performanceDensity, trace }),
  )
  const isA = or(a1, a2)
  let b1: Tri = false
  let b2: Tri = false
  if (isA !== true) {
    b1 = and(
      testThreshold({ ...ctx, ruleId: R.b1TppMin, label: '3A090.b.1: TPP', measured: m.tpp, trace }),
      testThreshold({ ...ctx, ruleId: R.b1TppMax, label: '3A090.b.1: TPP', measured: m.tpp, trace }),
      testThreshold({ ...ctx, ruleId: R.b1PdMin, label: '3A090.b.1: performance density', measured: m.performanceDensity, trace }),
      testThreshold({ ...ctx, ruleId: R.bPdMax, label: '3A090.b.1: performance density', measured: m.performanceDensity, trace }),
    )
    b2 = and(
      testThreshold({ ...ctx, ruleId: R.b2Tpp, label: '3A090.b.2: TPP', measured: m.tpp, trace }),
      testThreshold({ ...ctx, ruleId: R.b2PdMin, label: '3A090.b.2: performance density', measured: m.performanceDensity, trace }),
      testThreshold({ ...ctx, ruleId: R.bPdMax, label: '3A090.b.2: performance density', measured: m.performanceDensity, trace }),
    )
  }
  const isB = and(not(isA), or(b1, b2))
  // Note 2 to 3A090: not designed or marketed for datacenters AND TPP below 4800 → outside 3A090
  let released: Tri = false
  if (isA !== false || isB !== false) {
    const belowNote = testThreshold({
      ...ctx,
      ruleId: R.datacenterNote,
      label: 'Note to 3A090: not designed or marketed for datacenters and TPP',
      measured: m.tpp,
      trace,
      note: m.datacenter === null ? 'Whether the item is designed or marketed for datacenters is unknown.' : `Designed or marketed for datacenters: ${m.datacenter ? 'yes' : 'no'}.`,
    })
    released = and(m.datacenter === null ? null : !m.datacenter, belowNote)
  }
  if (isA === null || isB === null || released === null) return { eccn: undefined, paragraph: null, trace }
  if (released) return { eccn: null, paragraph: 'Note 2 to 3A090', trace }
  if (isA) return { eccn: '3A090.a', paragraph: a1 ? '3A090.a.1' : '3A090.a.2', trace }
  if (isB) return { eccn: '3A090.b', paragraph: b1 ? '3A090.b.1' : '3A090.b.2', trace }
  return { eccn: null, paragraph: null, trace }
}

function classifyHbm(m: IcMetrics, ctx: Ctx, trace: TraceStep[]): Outcome3A090 {
  const inForce = parameterAt(ctx.rules, R.hbm, ctx.asOf)
  if (!inForce || inForce.value === null) {
    // cite the 2023 text that is in force: it has no memory paragraph
    trace.push(info(ctx, R.a1Tpp, `3A090.c (high-bandwidth memory) was not in force on ${ctx.asOf}`, null))
    return { eccn: null, paragraph: null, trace }
  }
  if (m.copackagedWithLogic === true) {
    trace.push(info(ctx, R.hbm, '3A090.c excludes HBM co-packaged with a logic IC; the IC is classified by TPP and performance density', true))
    return { eccn: null, paragraph: null, trace }
  }
  const c = testThreshold({ ...ctx, ruleId: R.hbm, label: '3A090.c: memory bandwidth density (GB/s/mm2)', measured: m.memoryBandwidthDensity, trace })
  const isC = and(c, m.copackagedWithLogic === null ? null : true)
  if (m.copackagedWithLogic === null && c === true) {
    trace.push(info(ctx, R.hbm, 'Whether the memory is co-packaged with a logic IC is unknown', null))
  }
  return isC === null ? { eccn: undefined, paragraph: null, trace } : { eccn: isC ? '3A090.c' : null, paragraph: isC ? '3A090.c' : null, trace }
}

/** The dated table: before 2022-10-07 there was no 3A090 (RULE_NOT_IN_FORCE). */
export const classify3A090 = byEffectiveDate('ccl.3a090', {
  '2022-10-07': classify3A090AsOf2022,
  '2023-11-17': classify3A090AsOf2023,
})
