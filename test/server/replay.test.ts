/**
 * `GET /v1/transactions/{id}/replay`: a stored transaction run again now (the same answer with the same data) and on
 * another date (what changed); with the recorded authorisations as they were when it was stored, those recorded
 * since said apart and no difference. SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set (authorisations).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

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

for (const dialect of storeDialectsUnderTest()) {
  describe(`replay and the recorded authorisations (${dialect.name})`, { skip: dialect.skip }, () => {
    let a: TestApp
    // the store's clock moves a second a write, so what was recorded first is known
    let tick = Date.parse('2026-11-26T10:00:00.000Z')
    before(async () => {
      a = await openTestApp(dialect, { storeNow: () => new Date((tick += 1000)).toISOString() })
    })
    after(() => a?.close())
    const toSite = { date: '2026-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 64, to: 'IN', parties: [{ role: 'end-user', name: 'Example DC Operator Pvt Ltd', country: 'IN' }] }
    const veu = { program: 'data-center-veu', reference: 'FR notice (test record)', endUser: 'Example DC Operator Pvt Ltd', site: { country: 'IN', address: 'Plot 9, Navi Mumbai' }, eccns: ['3A090'], validFrom: '2025-01-01' }

    test('an authorisation recorded after the answer is no difference: the replay uses those recorded then and says what the later one adds', async () => {
      const stored = (await a.call('POST', '/v1/determinations', { as: 'analyst', body: toSite })).json()
      assert.deepEqual(stored.flags.filter((f: { id: string }) => f.id.startsWith('authorisation')), [])
      const auth = (await a.call('POST', '/v1/authorisations', { as: 'approver', body: veu })).json()
      const r = await a.call('GET', `/v1/transactions/${stored.id}/replay`, { as: 'viewer' })
      assert.equal(r.statusCode, 200, r.body)
      const body = r.json()
      assert.deepEqual(body.comparison, { isSame: true, isSameData: true, differences: [] })
      assert.equal(body.authorisations.basis, 'as-recorded')
      assert.deepEqual(body.authorisations.asRecorded, [])
      assert.deepEqual(body.authorisations.recordedSince, [auth.id])
      assert.deepEqual(body.authorisations.withRecordedSince.added.map((f: { kind: string; id: string }) => [f.kind, f.id]), [['possible-coverage', `authorisation:${auth.id}`]])
      assert.deepEqual(body.authorisations.withRecordedSince.removed, [])

      // an answer stored after it saw it: the replay uses it and finds the same answer
      const later = (await a.call('POST', '/v1/determinations', { as: 'analyst', body: toSite })).json()
      assert.ok(later.flags.some((f: { id: string }) => f.id === `authorisation:${auth.id}`))
      const again = (await a.call('GET', `/v1/transactions/${later.id}/replay`, { as: 'viewer' })).json()
      assert.deepEqual(again.comparison, { isSame: true, isSameData: true, differences: [] })
      assert.deepEqual([again.authorisations.asRecorded, again.authorisations.recordedSince, again.authorisations.withRecordedSince], [[auth.id], [], { added: [], removed: [] }])
    })
  })
}
