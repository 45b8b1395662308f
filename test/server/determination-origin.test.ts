/** POST /v1/determinations with item.origin: the answer says whether the EAR applies, and is stored whole. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { storeDialectsUnderTest } from '../store/dialects-under-test.js'
import { openTestApp, type TestApp } from './server-fixture.js'

const dialect = storeDialectsUnderTest()[0]!

describe('determinations with item.origin', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(dialect)
  })
  after(async () => t?.close())

  test('a Taiwan-made item with no U.S. content or technology, Taiwan to Malaysia: not subject, NLR, recorded with the reason', async () => {
    const body = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm', origin: { madeIn: 'TW', usContentPercent: 0, producedFromUsTechnologyOrSoftware: false } }, quantity: 8, from: 'TW', to: 'MY' }
    const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body })
    assert.equal(r.statusCode, 201, r.body)
    const d = r.json()
    assert.equal(d.verdict, 'NLR')
    assert.equal(d.subjectToEar.basis, 'not-subject')
    assert.equal(d.reasons[0].ruleId, 'policies.subject-to-ear')
    const stored = await t.call('GET', `/v1/transactions/${d.id}`, { as: 'viewer' })
    assert.equal(stored.statusCode, 200, stored.body)
    assert.equal(stored.json().result.subjectToEar.subject, false)
  })

  test('the same item as a foreign direct product of U.S. technology to China needs a licence', async () => {
    const body = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm', origin: { madeIn: 'TW', usContentPercent: 0, producedFromUsTechnologyOrSoftware: { eccns: ['3E001'] } } }, quantity: 8, from: 'TW', to: 'CN' }
    const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body })
    assert.equal(r.statusCode, 201, r.body)
    assert.equal(r.json().verdict, 'LICENSE_REQUIRED')
    assert.equal(r.json().subjectToEar.basis, 'foreign-direct-product')
  })

  test('an origin with a content value but no item value is a 400 naming the field', async () => {
    const body = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm', origin: { madeIn: 'TW', usControlledContentValue: 10 } }, quantity: 8, from: 'TW', to: 'CN' }
    const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body })
    assert.equal(r.statusCode, 400, r.body)
    assert.match(r.body, /itemValue/)
  })

  test('a date before the first rule in data is refused, naming the date', async () => {
    const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body: { date: '2022-08-25', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'CN' } })
    assert.equal(r.statusCode, 422, r.body)
    assert.match(r.body, /2022-08-26/)
  })
})
