/**
 * An undetermined classification lists each ECCN still possible with the condition that leads to it. The
 * conditions must hold jointly: a datacenter chip of TPP 2,000 and performance density 7 is 3A090.a (a.2), so
 * "outside 3A090 if datacenter and TPP < 4800" (each unknown described on its own) was wrong. Every concrete chip
 * on a grid around the thresholds must satisfy the condition of its own ECCN and no other.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyItem } from '../../src/classification/classify-item.js'
import { parseItemSpec } from '../../src/classification/parse-item-spec.js'
import { loadRules } from '../../src/rules/load-rules.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const rules = loadRules()

type Point = { tpp: number; pd: number; datacenter: boolean; io: number }
const LABELS: Record<string, keyof Point> = { TPP: 'tpp', 'performance density': 'pd', 'designed or marketed for datacenters': 'datacenter', 'aggregate bidirectional I/O (GB/s)': 'io' }

/** Whether a point meets a `when` text such as "designed or marketed for datacenters: yes and TPP ≥ 1600 and < 2400; or …" */
function meets(when: string, p: Point): boolean {
  return when.split('; or ').some((alternative) => {
    let key: keyof Point | undefined
    return alternative.split(' and ').every((part) => {
      const yesNo = /^(.+): (yes|no)$/.exec(part)
      if (yesNo) return p[LABELS[yesNo[1]!]!] === (yesNo[2] === 'yes')
      const m = /^(?:(.+) )?(≥|<|>|≤) ([\d.]+)$/.exec(part)
      assert.ok(m, `cannot read "${part}" in "${when}"`)
      if (m[1]) key = LABELS[m[1]]
      assert.ok(key, `unknown quantity in "${part}"`)
      const v = p[key] as number
      const t = Number(m[3])
      return m[2] === '≥' ? v >= t : m[2] === '<' ? v < t : m[2] === '>' ? v > t : v <= t
    })
  })
}

const concrete = (p: Point) => ({
  id: 'grid-chip',
  kind: 'chip',
  throughput: [{ precision: 'fp16', bitLength: 16, tops: p.tpp / 16, sparse: false }],
  dies: [{ areaMm2: p.tpp / p.pd, nonPlanar: true }],
  interconnectGBps: p.io,
  datacenter: p.datacenter,
})

for (const asOf of ['2023-06-01', '2025-01-01'] as IsoDate[]) {
  test(`every concrete chip meets the condition of its own ECCN only (rules of ${asOf})`, () => {
    const open = classifyItem(parseItemSpec({ id: 'unknown-chip', kind: 'chip', throughput: [], dies: null, interconnectGBps: null, datacenter: null }), { rules, asOf })
    assert.equal(open.determined, false)
    let checked = 0
    for (const tpp of [1000, 1600, 2000, 2400, 3000, 4800, 6000])
      for (const pd of [1, 1.6, 2, 3.2, 4, 5.92, 7])
        for (const datacenter of [true, false])
          for (const io of [400, 600, 900]) {
            const p = { tpp, pd, datacenter, io }
            const eccn = classifyItem(parseItemSpec(concrete(p)), { rules, asOf }).eccn
            const met = open.possibleEccns.filter((x) => meets(x.when, p)).map((x) => x.eccn)
            assert.deepEqual(met, [eccn], `${JSON.stringify(p)} is ${eccn ?? 'outside 3A090'}; conditions met: ${JSON.stringify(met)} in ${JSON.stringify(open.possibleEccns)}`)
            checked++
          }
    assert.equal(checked, 7 * 7 * 2 * 3)
  })
}
