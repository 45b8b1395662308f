/**
 * A shipment against a value-limited licence must carry its value (new-user review): without it the API answered
 * 201 and stored $0, so the licence never showed as used. Now 400 VALIDATION_FAILED naming `value`; a licence without
 * a value limit still takes a shipment without one (value 0).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

for (const dialect of storeDialectsUnderTest()) {
  describe(`POST /v1/licenses/{id}/shipments: the value of a value-limited licence (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    test('without value: 400 naming value, nothing used; with it: depleted', async () => {
      const lic = (await t.call('POST', '/v1/licenses', { as: 'admin', body: { number: 'D9990001', destinations: ['AE'], authorizedValue: 100000, validFrom: '2026-01-01', validTo: '2027-12-31' } })).json()
      const body = { quantity: 5, shippedOn: '2026-03-05', destination: 'AE', override: { reason: 'no transaction recorded' } }
      const bare = await t.call('POST', `/v1/licenses/${lic.id}/shipments`, { as: 'approver', body })
      assert.equal(bare.statusCode, 400, bare.body)
      const p = bare.json()
      assert.equal(p.code, 'VALIDATION_FAILED')
      assert.deepEqual(p.errors.map((i: { path: string }) => i.path), ["value"])
      assert.equal((await t.call('GET', `/v1/licenses/${lic.id}`, { as: 'viewer' })).json().usedValue, 0)
      const ok = await t.call('POST', `/v1/licenses/${lic.id}/shipments`, { as: 'approver', body: { ...body, value: 25000 } })
      assert.equal(ok.statusCode, 201, ok.body)
      assert.equal(ok.json().license.usedValue, 25000)
    })
  })
}
