/**
 * POST /v1/determinations/preview: one transaction under both regimes side by side, stored nowhere (viewers may
 * ask); GET /v1/red-flags: the questions in force on a date, which a check's `answers` refer to.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { storeDialectsUnderTest } from '../store/dialects-under-test.js'
import { openTestApp, type TestApp } from './server-fixture.js'

const dialect = storeDialectsUnderTest()[0]!

describe('determination preview and red-flag questions', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(dialect)
  })
  after(async () => t?.close())

  // the Diffusion Rule as published applies to India (Tier 2) from its compliance date; BIS never enforced it
  const toIndia = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 20000, to: 'IN' }

  test('both regimes come back, they differ where the rules do, and nothing is stored', async () => {
    const before = (await t.call('GET', '/v1/transactions', { as: 'viewer' })).json().items.length
    const r = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: toIndia })
    assert.equal(r.statusCode, 200, r.body)
    const { asEnforced, asPublished } = r.json()
    assert.equal(asEnforced.regime, 'as-enforced')
    assert.equal(asPublished.regime, 'as-published')
    assert.equal(asEnforced.verdict, 'NLR')
    assert.notEqual(asPublished.verdict, 'NLR')
    assert.equal(asEnforced.id, undefined)
    assert.ok(asPublished.reasons.some((x: { citations: { cfr: string }[] }) => x.citations.some((c) => /748|740|744/.test(c.cfr))), JSON.stringify(asPublished.reasons))
    const afterCount = (await t.call('GET', '/v1/transactions', { as: 'viewer' })).json().items.length
    assert.equal(afterCount, before)
  })

  test('bad input is a 400 naming the field', async () => {
    const r = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: { ...toIndia, quantity: -1 } })
    assert.equal(r.statusCode, 400, r.body)
    assert.match(r.body, /quantity/)
  })

  test('the red-flag questions in force on a date, with the answer that raises each and its citation', async () => {
    const r = await t.call('GET', '/v1/red-flags?date=2026-01-01', { as: 'viewer' })
    assert.equal(r.statusCode, 200, r.body)
    const { date, questions } = r.json()
    assert.equal(date, '2026-01-01')
    assert.ok(questions.length > 5, `${questions.length} questions`)
    for (const q of questions) {
      assert.ok(q.question.length > 10 && ['yes', 'no'].includes(q.raisedWhen), JSON.stringify(q))
    }
    // the BIS guidance of 2025-05-13 adds questions: fewer are in force the day before
    const earlier = (await t.call('GET', '/v1/red-flags?date=2025-05-12', { as: 'viewer' })).json().questions.length
    assert.ok(earlier < questions.length, `${earlier} before the guidance, ${questions.length} after`)
    // an answer keyed by a question's id is evaluated: the flag is raised when the answer is the one that raises it
    const q = questions[0]
    const d = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: { ...toIndia, date: '2026-01-01', answers: { [q.id]: q.raisedWhen } } })
    assert.ok(d.json().asEnforced.flags.some((f: { kind: string; id: string }) => f.kind === 'red-flag' && f.id === q.id), d.body)
  })

  test('a malformed date is a 400', async () => {
    const r = await t.call('GET', '/v1/red-flags?date=2026-13-01', { as: 'viewer' })
    assert.equal(r.statusCode, 400, r.body)
  })
})
