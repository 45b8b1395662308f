/**
 * POST /v1/determinations/preview: one transaction under both regimes side by side, stored nowhere (viewers may
 * ask); GET /v1/red-flags: the questions in force on a date, which a check's `answers` refer to; GET
 * /v1/certifications: the statements in force on a date, which a check's `certifications` refer to.
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

  test('a transaction wrapped as POST /v1/transactions takes it is refused saying to send the transaction itself (review item 3)', async () => {
    for (const [url, as] of [['/v1/determinations/preview', 'viewer'], ['/v1/determinations', 'analyst']] as const) {
      const r = await t.call('POST', url, { as, body: { transaction: toIndia } })
      assert.equal(r.statusCode, 400, r.body)
      const p = r.json()
      assert.equal(p.code, 'VALIDATION_FAILED')
      assert.match(p.detail, /send the transaction itself here, not wrapped in \{"transaction": …\}/)
      assert.doesNotMatch(r.body, /unknown field/)
    }
    // the field named transaction is otherwise an unknown field of a transaction
    const r = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: { ...toIndia, transaction: 1 } })
    assert.equal(r.statusCode, 400)
    assert.match(r.body, /unknown field/)
  })

  test('an empty body sent as application/json is no body: a POST that takes none answers, one that needs one says it is required (review item 3)', async () => {
    const empty = { 'content-type': 'application/json' }
    const recorded = await t.call('POST', '/v1/transactions', { as: 'analyst', body: { transaction: { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'AE' } } })
    assert.equal(recorded.statusCode, 201, recorded.body)
    const recheck = await t.call('POST', `/v1/transactions/${recorded.json().id}/recheck`, { as: 'analyst', headers: empty, body: '' })
    assert.notEqual(recheck.json().code, 'INVALID_JSON', recheck.body)
    assert.equal(recheck.statusCode, 201, recheck.body)
    assert.equal(recheck.json().recheckOf.transactionId, recorded.json().id)
    const needs = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', headers: empty, body: '' })
    assert.equal(needs.statusCode, 400, needs.body)
    assert.equal(needs.json().code, 'VALIDATION_FAILED')
    // a body that is not JSON is still INVALID_JSON
    const bad = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', headers: empty, body: '{"date":' })
    assert.equal(bad.json().code, 'INVALID_JSON')
  })

  test('a malformed date is a 400', async () => {
    const r = await t.call('GET', '/v1/red-flags?date=2026-13-01', { as: 'viewer' })
    assert.equal(r.statusCode, 400, r.body)
    const c = await t.call('GET', '/v1/certifications?date=2026-13-01', { as: 'viewer' })
    assert.equal(c.statusCode, 400, c.body)
  })

  // the January 2026 China policy (91 FR 1684): case-by-case review once the exporter makes every statement it asks for
  test('the certifications in force on a date, and giving all of them moves an H200 to China to case-by-case', async () => {
    const r = await t.call('GET', '/v1/certifications?date=2026-02-01', { as: 'viewer' })
    assert.equal(r.statusCode, 200, r.body)
    const { date, certifications } = r.json() as { date: string; certifications: { set: string; id: string; text: string; citation: { cfr: string } }[] }
    assert.equal(date, '2026-02-01')
    assert.ok(certifications.length > 4, JSON.stringify(certifications.map((c) => c.id)))
    for (const c of certifications) assert.ok(c.text.length > 10 && c.citation.cfr.length > 0, JSON.stringify(c))
    // review F9: the 50 % statement is marked unverified, with why (the others are not)
    const unverified = (certifications as { id: string; citation: { unverified?: boolean }; note?: string }[]).filter((c) => c.citation.unverified)
    assert.ok(unverified.some((c) => c.id === 'china-shipments-within-50-percent' && /primary text/.test(c.note ?? '')), JSON.stringify(unverified))
    assert.ok(!unverified.some((c) => c.id === 'us-supply-sufficient'))
    // none before the policy took effect
    assert.deepEqual((await t.call('GET', '/v1/certifications?date=2026-01-14', { as: 'viewer' })).json().certifications, [])
    const h200 = { date: '2026-02-01', item: { chip: 'nvidia-h200' }, quantity: 1, to: 'CN' }
    const without = (await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: h200 })).json().asEnforced
    assert.equal(without.reviewPolicy, 'presumption-of-denial')
    const ids = certifications.map((c) => c.id)
    const withAll = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: { ...h200, certifications: ids } })
    assert.equal(withAll.json().asEnforced.reviewPolicy, 'case-by-case', withAll.body)
    assert.ok(withAll.json().asEnforced.flags.some((f: { id: string; kind: string }) => f.kind === 'unverified-rule' && f.id === 'unverified-certification-china-shipments-within-50-percent'))
    // one statement short and the presumption of denial stands
    const short = (await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: { ...h200, certifications: ids.slice(1) } })).json().asEnforced
    assert.equal(short.reviewPolicy, 'presumption-of-denial')
  })
})
