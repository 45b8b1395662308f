/**
 * `GET /v1/audit/verify` under `npm start` runs on a worker thread with its own connection to the same
 * database (src/server/audit-verify-worker.ts), so re-hashing a large trail never stalls other requests:
 * it gives the same answer as the store's own verification, sees a tampered row, verifies incrementally from
 * the checkpoint (the route's mode) under the same audit key, and concurrent callers share one run.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { singleFlight, verifyAuditInWorker } from '../../src/server/audit-verify-worker.js'
import { storeDialectsUnderTest } from '../store/dialects-under-test.js'

describe('audit verification on a worker thread', () => {
  for (const d of storeDialectsUnderTest()) {
    test(`${d.name}: the same answer as the store's, tampering included`, { skip: d.skip, timeout: 120_000 }, async () => {
      const o = await d.open()
      try {
        for (let i = 0; i < 20; i++) await o.store.createParty({ name: `Worker Party ${i}`, country: 'AE', actor: 'test' })
        const verify = verifyAuditInWorker(o.config, 'full')
        const [inWorker, again] = await Promise.all([verify(), verify()])
        assert.deepEqual(inWorker, await o.store.verifyAudit())
        assert.equal(inWorker.ok, true)
        assert.deepEqual(again, inWorker)
        // the route's mode: from the checkpoint the verification before left, under the same audit key
        const incremental = await verifyAuditInWorker(o.config)()
        assert.equal(incremental.ok, true, JSON.stringify(incremental.problems))
        assert.equal(incremental.mode, 'incremental')
        assert.equal(incremental.checked, 0)
        await o.store.createParty({ name: 'Worker Party 20', country: 'AE', actor: 'test' })
        const next = await verifyAuditInWorker(o.config)()
        assert.equal(next.ok, true)
        assert.equal(next.fromSeq, incremental.head.seq)
        assert.ok(next.checked >= 1 && next.checked < inWorker.checked, `incremental checked ${next.checked} of ${inWorker.checked}`)
        await o.exec("update parties set name = 'Edited' where name = 'Worker Party 3'")
        const tampered = await verify()
        assert.equal(tampered.ok, false)
        assert.ok(tampered.problems.some((p: { kind: string }) => p.kind === 'row-edited'), JSON.stringify(tampered.problems))
      } finally {
        await o.cleanup()
      }
    })
  }

  test('singleFlight: callers arriving while a run is under way share it; the next call runs again', async () => {
    let runs = 0
    const f = singleFlight(async () => {
      runs++
      await new Promise((r) => setImmediate(r))
      return runs
    })
    assert.deepEqual(await Promise.all([f(), f(), f()]), [1, 1, 1])
    assert.equal(await f(), 2)
  })
})
