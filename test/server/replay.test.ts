/** `GET /v1/transactions/{id}/replay`: a stored transaction run again now (the same answer with the same data) and on another date (what changed). */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { openTestApp, type TestApp } from './server-fixture.js'

let t: TestApp
before(async () => {
  t = await openTestApp()
})
after(() => t.close())

const tx = JSON.parse(readFileSync(new URL('../../examples/h100-to-uae.json', import.meta.url), 'utf8'))

test('replayed on its own date with the same rules and lists, the answer is the same', async () => {
  const stored = (await t.call('POST', '/v1/determinations', { as: 'analyst', body: tx })).json()
  const r = await t.call('GET', `/v1/transactions/${stored.id}/replay`, { as: 'viewer' })
  assert.equal(r.statusCode, 200, r.body)
  const body = r.json()
  assert.equal(body.asOf, tx.date)
  assert.equal(body.verdict, stored.verdict)
  assert.deepEqual(body.comparison, { isSame: true, isSameData: true, differences: [] })
})

test('on another date the differences are named field by field', async () => {
  const stored = (await t.call('POST', '/v1/determinations', { as: 'analyst', body: tx })).json()
  const r = (await t.call('GET', `/v1/transactions/${stored.id}/replay?asOf=2023-06-01`, { as: 'viewer' })).json()
  assert.equal(r.asOf, '2023-06-01')
  assert.notEqual(r.verdict, stored.verdict, 'the UAE needed no licence for 3A090 items before the 2023 rule')
  assert.equal(r.comparison.isSame, false)
  assert.ok(r.comparison.differences.some((d: { field: string }) => d.field === 'verdict'))
  assert.equal((await t.call('GET', '/v1/transactions/txn_nope/replay', { as: 'viewer' })).statusCode, 404)
})
