/**
 * `GET /v1/audit/verify?mode=`: the new-user review's case. A licence row edited in the database is not touched by
 * any new event, so the incremental verification (the default, cheap) cannot see it: its answer says it checked
 * nothing new and that records no new event touched were not re-checked, and reports the last full verification.
 * `mode=full` finds the edit; from then on the incremental answer is not ok either, until a full one passes.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

for (const dialect of storeDialectsUnderTest()) {
  describe(`GET /v1/audit/verify modes (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    test('incremental says what it covered; full finds a row edited outside chipnav; the incremental answer then carries it', async () => {
      const lic = await t.call('POST', '/v1/licenses', { as: 'admin', body: { number: 'D9990001', items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['AE'], authorizedQuantity: 1000, validFrom: '2026-01-01', validTo: '2027-12-31' } })
      assert.equal(lic.statusCode, 201, lic.body)
      const first = (await t.call('GET', '/v1/audit/verify?mode=full', { as: 'viewer' })).json()
      assert.deepEqual([first.ok, first.mode], [true, 'full'])
      assert.match(first.summary, /^Full verification: all \d+ events in the chain and all \d+ audited records re-checked; nothing wrong\.$/)

      await t.exec("update licenses set authorized_quantity = 2000 where number = 'D9990001'")
      const quick = (await t.call('GET', '/v1/audit/verify', { as: 'viewer' })).json()
      assert.deepEqual([quick.ok, quick.mode, quick.checked, quick.rowsChecked], [true, 'incremental', 0, 0])
      assert.match(quick.summary, /^Incremental verification: no new events since the last verified checkpoint \(event \d+\), so no record was re-checked\. Records no new event touched were not re-checked\. The last full verification, at .+ found nothing wrong\.$/)
      assert.equal(quick.lastFull.ok, true)

      const full = (await t.call('GET', '/v1/audit/verify?mode=full', { as: 'viewer' })).json()
      assert.deepEqual([full.ok, full.mode], [false, 'full'])
      assert.deepEqual(full.problems.map((p: { kind: string; table: string }) => [p.kind, p.table]), [['row-edited', 'licenses']])
      const later = (await t.call('GET', '/v1/audit/verify?mode=incremental', { as: 'viewer' })).json()
      assert.deepEqual([later.ok, later.mode, later.lastFull.ok], [false, 'incremental', false])
      assert.deepEqual(later.problems.map((p: { kind: string }) => p.kind), ['row-edited'])
    })

    test('an unknown mode is refused (400, problem+json)', async () => {
      const r = await t.call('GET', '/v1/audit/verify?mode=everything', { as: 'viewer' })
      assert.equal(r.statusCode, 400)
      assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8')
    })
  })
}
