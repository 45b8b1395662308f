/**
 * Licence determination scenarios as data (test/cases/determination/*.yaml): each case is a transaction on a
 * date with the verdict, policy and exceptions expected from the cited text.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { z } from 'zod'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { REVIEW_POLICIES } from '../../src/shared/review-policies.js'
import { buildScreener } from '../../src/screening/screener.js'
import { isAppError } from '../../src/shared/errors.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { REPO_ROOT } from '../helpers/paths.js'

const CaseSchema = z.strictObject({
  name: z.string(),
  tx: z.record(z.string(), z.unknown()),
  regime: z.enum(['as-enforced', 'as-published']).optional(),
  output: z.strictObject({
    verdict: z.enum(['NLR', 'LICENSE_EXCEPTION', 'LICENSE_REQUIRED', 'PROHIBITED']).optional(),
    reviewPolicy: z.enum(REVIEW_POLICIES).nullable().optional(),
    licenseExceptions: z.array(z.string()).optional(),
    eccn: z.string().nullable().optional(),
    /** whether the answer's item counts as determined (false: the most restrictive possibility was assumed) */
    determined: z.boolean().optional(),
    toTreatedAs: z.string().optional(),
    flags: z.array(z.string()).optional(),
    notFlags: z.array(z.string()).optional(),
    error: z.string().optional(),
  }),
  cites: z.array(z.string()).optional(),
  notCites: z.array(z.string()).optional(),
  /** source ids (data/sources.yaml) that must appear among the reasons' citations */
  citesSources: z.array(z.string()).optional(),
  notCitesSources: z.array(z.string()).optional(),
  keywords: z.array(z.string()).optional(),
})

const rules = loadRules()
const screener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })
const dir = join(REPO_ROOT, 'test/cases/determination')

for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const cases = z.array(CaseSchema).parse(parse(readFileSync(join(dir, file), 'utf8')))
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      const opts = { rules, screener, ...(c.regime ? { regime: c.regime } : {}) }
      if (c.output.error) {
        assert.throws(() => determine(c.tx, opts), (e: unknown) => isAppError(e) && e.code === c.output.error)
        return
      }
      const r = determine(c.tx, opts)
      const o = c.output
      const why = `\n  reasons: ${r.reasons.map((x) => `${x.ruleId}: ${x.text}`).join('\n           ')}\n  flags: ${r.flags.map((f) => f.id).join(', ')}`
      if (o.verdict) assert.equal(r.verdict, o.verdict, `verdict${why}`)
      if (o.reviewPolicy !== undefined) assert.equal(r.reviewPolicy, o.reviewPolicy, `reviewPolicy${why}`)
      if (o.licenseExceptions) assert.deepEqual(r.licenseExceptions.map((e) => e.id), o.licenseExceptions, `licenseExceptions${why}`)
      if (o.eccn !== undefined) assert.equal(r.item.eccn, o.eccn)
      if (o.determined !== undefined) assert.equal(r.item.determined, o.determined, `determined${why}`)
      if (o.toTreatedAs) assert.equal(r.toTreatedAs, o.toTreatedAs)
      const flagIds = new Set(r.flags.map((f) => f.id))
      for (const f of o.flags ?? []) assert.ok([...flagIds].some((id) => id === f || id.startsWith(f)), `expected flag ${f}${why}`)
      for (const f of o.notFlags ?? []) assert.ok(![...flagIds].some((id) => id === f || id.startsWith(f)), `unexpected flag ${f}${why}`)
      const cited = new Set(r.reasons.flatMap((x) => [x.ruleId, ...x.citations.flatMap((ci) => [ci.ruleId, ...(ci.alsoRuleIds ?? [])])]))
      for (const id of c.cites ?? []) assert.ok([...cited].some((x) => x === id || x.startsWith(`${id}.`)), `should cite ${id}${why}`)
      for (const id of c.notCites ?? []) assert.ok(![...cited].some((x) => x === id || x.startsWith(`${id}.`)), `should not cite ${id}${why}`)
      const sources = new Set(r.reasons.flatMap((x) => x.citations.map((ci) => ci.source.id)))
      for (const id of c.citesSources ?? []) assert.ok(sources.has(id), `should cite source ${id}${why}`)
      for (const id of c.notCitesSources ?? []) assert.ok(!sources.has(id), `should not cite source ${id}${why}`)
      assert.equal(r.rulesVersion, rules.version)
      assert.ok(r.reasons.length > 0 && r.reasons.every((x) => x.citations.length > 0 || x.ruleId === 'determination.nlr'), 'every reason cites')
    })
  }
}
