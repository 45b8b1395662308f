/**
 * Depletion and allocations stay exact under concurrency: 50 shipments of 1 unit race for a licence
 * for 10 (and 50 allocations of 1 TPP for a cap of 10), from 5 processes, each with its own database
 * connection, released together and firing 10 each at once; plus 50 at once through one store.
 * Exactly 10 succeed, the other 40 are refused, and the audit chain verifies.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { isAppError } from '../../src/shared/errors.js'
import type { StoreConfig } from '../../src/store/open-store.js'
import { REPO_ROOT } from '../helpers/paths.js'
import { storeDialectsUnderTest } from './dialects-under-test.js'
import { runWorkers } from './workers/run-workers.js'

const WORKER = join(REPO_ROOT, 'test/store/workers/ship-worker.ts')
type Tally = { ok: number; refused: number }
type WorkerResult = { shipments: Tally; allocations: Tally; errors: string[] }

/** The ship workers, released together. */
const race = (config: StoreConfig, licenseId: string, processes: number, each: number) => runWorkers<WorkerResult>(WORKER, [JSON.stringify(config), licenseId, String(each)], processes)

describe('concurrency', () => {
  for (const d of storeDialectsUnderTest()) {
    describe(d.name, { skip: d.skip }, () => {
      test('from 5 processes at once: 50 shipments of 1 unit at a licence for 10, and 50 allocations of 1 TPP under a cap of 10; exactly 10 of each succeed', { timeout: 120_000 }, async () => {
        const o = await d.open()
        try {
          const lic = await o.store.createLicense({ number: 'RACE-1', destinations: ['CN'], authorizedQuantity: 10, validFrom: '2025-01-01', validTo: '2025-12-31', actor: 'test' })
          const results = await race(o.config, lic.id, 5, 10)
          assert.deepEqual(results.flatMap((r) => r.errors), [])
          const sum = (k: 'shipments' | 'allocations', f: keyof Tally) => results.reduce((n, r) => n + r[k][f], 0)
          assert.deepEqual([sum('shipments', 'ok'), sum('shipments', 'refused')], [10, 40])
          assert.deepEqual([sum('allocations', 'ok'), sum('allocations', 'refused')], [10, 40])
          assert.equal((await o.store.getLicense(lic.id)).usedQuantity, 10)
          assert.equal((await o.store.listShipments({ licenseId: lic.id, limit: 100 })).items.length, 10)
          assert.deepEqual(await o.store.allocationLedger({ country: 'IN', year: 2025 }), { tier2CountryTpp: { IN: 10 }, consigneeYearTpp: 0 })
          const v = await o.store.verifyAudit()
          assert.equal(v.ok, true, v.problem)
          assert.equal(v.checked, 1 + 10 * 2 + 10, 'one event for the licence, two per shipment, one per allocation')
        } finally {
          await o.cleanup()
        }
      })

      test('50 parallel shipments through one store: exactly 10 succeed', async () => {
        const o = await d.open()
        try {
          const lic = await o.store.createLicense({ number: 'RACE-2', destinations: ['CN'], authorizedQuantity: 10, validFrom: '2025-01-01', validTo: '2025-12-31', actor: 'test' })
          const results = await Promise.allSettled(Array.from({ length: 50 }, () => o.store.recordShipment({ licenseId: lic.id, override: { reason: 'licence depletion test: no transaction recorded' }, quantity: 1, shippedOn: '2025-06-01', destination: 'CN', actor: 'test' })))
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10)
          // the licence's 10 units are the transaction's 10 (an approval needs the units left): either limit refuses the rest
          assert.ok(results.every((r) => r.status === 'fulfilled' || (isAppError(r.reason) && ['LICENSE_OVERDRAWN', 'SHIPMENT_NOT_COVERED'].includes(r.reason.code))))
          assert.equal((await o.store.getLicense(lic.id)).usedQuantity, 10)
          assert.equal((await o.store.verifyAudit()).ok, true)
        } finally {
          await o.cleanup()
        }
      })

      test('50 parallel shipments linked to an approved transaction through one store: the hold check keeps depletion exact, exactly 10 succeed', async () => {
        const o = await d.open()
        try {
          const lic = await o.store.createLicense({ number: 'RACE-3', eccns: ['3A090.a'], destinations: ['CN'], authorizedQuantity: 10, validFrom: '2025-01-01', validTo: '2025-12-31', actor: 'test' })
          const result = { date: '2025-06-01', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', to: 'CN', quantity: 10, item: { eccn: null }, listSnapshots: [], rulesVersion: 'test' }
          const tx = await o.store.recordDetermination({ transaction: { date: '2025-06-01' }, result: result as never, actor: 'test' })
          await o.store.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'covered', actor: 'approver-test' })
          const results = await Promise.allSettled(Array.from({ length: 50 }, () => o.store.recordShipment({ licenseId: lic.id, quantity: 1, shippedOn: '2025-06-01', destination: 'CN', transactionId: tx.id, actor: 'test' })))
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10)
          // the licence's 10 units are the transaction's 10 (an approval needs the units left): either limit refuses the rest
          assert.ok(results.every((r) => r.status === 'fulfilled' || (isAppError(r.reason) && ['LICENSE_OVERDRAWN', 'SHIPMENT_NOT_COVERED'].includes(r.reason.code))))
          assert.equal((await o.store.getLicense(lic.id)).usedQuantity, 10)
          assert.equal((await o.store.verifyAudit()).ok, true)
        } finally {
          await o.cleanup()
        }
      })
    })
  }
})
