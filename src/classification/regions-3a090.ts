/**
 * The 3A090.a/.b paragraphs as regions of the (TPP, performance density) plane on a date, for the chips
 * chart of the web UI (issue 12). Each version is a named function over the thresholds in force (read from
 * data/ like classify-3a090.ts reads them); a bound is null when the paragraph has none. Under the 2022 text
 * the test is bit length x TOPS with an I/O condition, so the plane shows one band and says so.
 */
import { byEffectiveDate } from '../rules/by-effective-date.js'
import type { Rules } from '../rules/load-rules.js'
import { thresholdAt, type ParameterValue } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import { R } from './classify-3a090.js'

export type Region3A090 = {
  eccn: '3A090.a' | '3A090.b'
  paragraph: string
  /** inclusive lower and exclusive upper bounds; null = unbounded */
  tppMin: number | null
  tppMax: number | null
  pdMin: number | null
  pdMax: number | null
  /** what the plane cannot show (other conditions of the paragraph) */
  note: string | null
  citations: Omit<ParameterValue<number>, 'value' | 'unit' | 'comparison' | 'note'>[]
}

type Ctx = { rules: Rules; asOf: IsoDate }

function value(ctx: Ctx, ruleId: string): { v: number; cite: Region3A090['citations'][number] } {
  const p = thresholdAt(ctx.rules, ruleId, ctx.asOf)
  if (!p) throw new Error(`${ruleId} not in force on ${ctx.asOf}`)
  const { value: v, unit: _u, comparison: _c, note: _n, ...cite } = p
  return { v, cite }
}

export function regions3A090AsOf2022(ctx: Ctx): Region3A090[] {
  const t = value(ctx, R.bitTops2022)
  const io = value(ctx, R.io2022)
  return [{ eccn: '3A090.a', paragraph: '3A090.a.1 (2022)', tppMin: t.v, tppMax: null, pdMin: null, pdMax: null, note: `bit length x TOPS, and only with aggregate I/O of ${io.v} GB/s or more; performance density is not a test under this text`, citations: [t.cite, io.cite] }]
}

export function regions3A090AsOf2023(ctx: Ctx): Region3A090[] {
  const a1 = value(ctx, R.a1Tpp)
  const a2t = value(ctx, R.a2Tpp)
  const a2p = value(ctx, R.a2Pd)
  const b1min = value(ctx, R.b1TppMin)
  const b1max = value(ctx, R.b1TppMax)
  const b1p = value(ctx, R.b1PdMin)
  const bpmax = value(ctx, R.bPdMax)
  const b2t = value(ctx, R.b2Tpp)
  const b2p = value(ctx, R.b2PdMin)
  const dc = value(ctx, R.datacenterNote)
  const note = `items not designed or marketed for datacenters with TPP below ${dc.v} are released (Note 2 to 3A090)`
  return [
    { eccn: '3A090.a', paragraph: '3A090.a.1', tppMin: a1.v, tppMax: null, pdMin: null, pdMax: null, note: null, citations: [a1.cite] },
    { eccn: '3A090.a', paragraph: '3A090.a.2', tppMin: a2t.v, tppMax: null, pdMin: a2p.v, pdMax: null, note, citations: [a2t.cite, a2p.cite, dc.cite] },
    { eccn: '3A090.b', paragraph: '3A090.b.1', tppMin: b1min.v, tppMax: b1max.v, pdMin: b1p.v, pdMax: bpmax.v, note, citations: [b1min.cite, b1max.cite, b1p.cite, bpmax.cite, dc.cite] },
    { eccn: '3A090.b', paragraph: '3A090.b.2', tppMin: b2t.v, tppMax: null, pdMin: b2p.v, pdMax: bpmax.v, note: `outside 3A090.a; ${note}`, citations: [b2t.cite, b2p.cite, bpmax.cite, dc.cite] },
  ]
}

const table = byEffectiveDate('ccl.3a090', { '2022-10-07': regions3A090AsOf2022, '2023-11-17': regions3A090AsOf2023 })

/** The regions in force on `asOf` (RULE_NOT_IN_FORCE before 2022-10-07), with the effective date of the text. */
export function regions3A090(rules: Rules, asOf: IsoDate): { effective: IsoDate; regions: Region3A090[] } {
  const { effective, fn } = table.at(asOf, rules)
  return { effective, regions: fn({ rules, asOf }) }
}
