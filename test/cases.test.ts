/**
 * Legal cases as data: every YAML file under test/cases/classification/ is a list of cases with fixed keys.
 * Each case becomes one test. See test/cases/README.md.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { z } from 'zod'
import { classifyCatalogueItem, classifyItem, type ClassificationResult } from '../src/classification/classify-item.js'
import { parseItemSpec } from '../src/classification/parse-item-spec.js'
import { loadRules } from '../src/rules/load-rules.js'
import { isAppError } from '../src/shared/errors.js'
import { IsoDateSchema } from '../src/shared/iso-date-schema.js'
import { REPO_ROOT } from './helpers/paths.js'

const Range = z.union([z.number(), z.strictObject({ min: z.number().optional(), max: z.number().optional() })])
const Synthetic = z.strictObject({
  tpp: z.number().nullable(),
  dieAreaMm2: z.number().nullable().optional(),
  datacenter: z.boolean().nullable().optional(),
  interconnectGBps: z.number().nullable().optional(),
})
const CaseSchema = z.strictObject({
  name: z.string(),
  asOf: IsoDateSchema,
  input: z.union([
    z.strictObject({ chip: z.string() }),
    z.strictObject({ spec: z.unknown() }),
    z.strictObject({ synthetic: Synthetic }),
    z.strictObject({ hbm: z.strictObject({ bandwidthGBps: z.number(), stackAreaMm2: z.number(), copackagedWithLogic: z.boolean().optional() }) }),
  ]),
  output: z.strictObject({
    eccn: z.string().nullable().optional(),
    paragraph: z.string().nullable().optional(),
    determined: z.boolean().optional(),
    possibleEccns: z.array(z.string().nullable()).optional(),
    tpp: Range.optional(),
    performanceDensity: Range.nullable().optional(),
    licenseExceptions: z.record(z.string(), z.boolean().nullable()).optional(),
    error: z.string().optional(),
  }),
  cites: z.array(z.string()).optional(),
  notCites: z.array(z.string()).optional(),
  keywords: z.array(z.string()).optional(),
})
type Case = z.infer<typeof CaseSchema>

const rules = loadRules()
const dir = join(REPO_ROOT, 'test/cases/classification')

/** A one-precision fp16 chip whose TPP and die area are exactly the numbers given. */
function syntheticSpec(s: z.infer<typeof Synthetic>) {
  return {
    id: 'synthetic-chip',
    kind: 'chip' as const,
    throughput: s.tpp === null ? [] : [{ precision: 'fp16' as const, bitLength: 16, tops: s.tpp / 16, sparse: false }],
    dies: s.dieAreaMm2 === undefined ? null : [{ areaMm2: s.dieAreaMm2, nonPlanar: true }],
    interconnectGBps: s.interconnectGBps ?? null,
    datacenter: s.datacenter ?? null,
  }
}

function run(c: Case): ClassificationResult {
  const opts = { rules, asOf: c.asOf }
  const input = c.input
  if ('chip' in input) return classifyCatalogueItem(input.chip, opts)
  if ('spec' in input) return classifyItem(parseItemSpec(input.spec), opts)
  if ('synthetic' in input) return classifyItem(parseItemSpec(syntheticSpec(input.synthetic)), opts)
  return classifyItem(parseItemSpec({ id: 'synthetic-hbm', kind: 'memory', memory: { type: 'HBM3e', bandwidthGBps: input.hbm.bandwidthGBps, stackAreaMm2: input.hbm.stackAreaMm2 }, copackagedWithLogic: input.hbm.copackagedWithLogic ?? false }), opts)
}

function inRange(actual: number | null, expected: z.infer<typeof Range>, label: string) {
  assert.notEqual(actual, null, `${label} should be known`)
  if (typeof expected === 'number') assert.ok(Math.abs(actual! - expected) <= Math.abs(expected) * 1e-9 + 1e-9, `${label}: expected ${expected}, got ${actual}`)
  else {
    if (expected.min !== undefined) assert.ok(actual! >= expected.min, `${label}: ${actual} < min ${expected.min}`)
    if (expected.max !== undefined) assert.ok(actual! <= expected.max, `${label}: ${actual} > max ${expected.max}`)
  }
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const cases = z.array(CaseSchema).parse(parse(readFileSync(join(dir, file), 'utf8')))
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      if (c.output.error) {
        assert.throws(() => run(c), (e: unknown) => isAppError(e) && e.code === c.output.error)
        return
      }
      const r = run(c)
      const o = c.output
      if (o.eccn !== undefined) assert.equal(r.eccn, o.eccn, `eccn on ${c.asOf}`)
      if (o.paragraph !== undefined) assert.equal(r.paragraph, o.paragraph)
      if (o.determined !== undefined) assert.equal(r.determined, o.determined)
      if (o.eccn !== undefined && o.determined === undefined) assert.equal(r.determined, true, 'expected a determined result')
      if (o.possibleEccns) assert.deepEqual(new Set(r.possibleEccns.map((p) => p.eccn)), new Set(o.possibleEccns))
      if (o.tpp !== undefined) inRange(r.tpp, o.tpp, 'tpp')
      if (o.performanceDensity === null) assert.equal(r.performanceDensity, null)
      else if (o.performanceDensity !== undefined) inRange(r.performanceDensity, o.performanceDensity, 'performanceDensity')
      if (o.licenseExceptions) {
        const got = Object.fromEntries(r.licenseExceptions.map((l) => [l.id, l.canServe]))
        assert.deepEqual(got, o.licenseExceptions)
      }
      const cited = new Set([...r.trace, ...(r.components ?? []).flatMap((x) => x.result.trace), ...r.licenseExceptions].map((s) => s.citation.ruleId))
      for (const id of c.cites ?? []) assert.ok(cited.has(id), `the trace should cite ${id}; it cites ${[...cited].join(', ')}`)
      for (const id of c.notCites ?? []) assert.ok(!cited.has(id), `the trace should not cite ${id}`)
      assert.equal(r.date, c.asOf)
      assert.equal(r.rulesVersion, rules.version)
    })
  }
}
