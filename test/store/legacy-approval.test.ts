/**
 * A LICENSE_REQUIRED transaction approved with no licence named, as the store allowed before APPROVAL_NEEDS_LICENSE
 * (such approvals are in databases recorded earlier): a shipment under it goes only under a licence that covers the
 * transaction (date, destination, ECCN), as the approval would have checked; before, it went under any licence.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { isAppError } from '../../src/shared/errors.js'
import { storeDialectsUnderTest } from './dialects-under-test.js'

const rules = loadRules()
// 8 H100 (3A090.a) to the UAE on 2024-06-01: LICENSE_REQUIRED
const tx = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE' }

describe('a transaction approved with no licence named (before APPROVAL_NEEDS_LICENSE)', () => {
  for (const d of storeDialectsUnderTest()) {
    test(`${d.name}: ships only under a licence that covers it`, { skip: d.skip }, async () => {
      const o = await d.open()
      try {
        const s = o.store
        const result = determine(tx, { rules, regime: 'as-enforced' })
        assert.equal(result.verdict, 'LICENSE_REQUIRED')
        const t = await s.recordDetermination({ transaction: tx, result, actor: 'alice' })
        // the approval as the earlier store wrote it: no licence
        await o.exec("insert into transaction_approvals (transaction_id, decision, reason, license_id, license_number, verdict, decided_by, decided_at) values (?, 'approved', 'checked', null, null, 'LICENSE_REQUIRED', 'carol', '2024-06-02T00:00:00.000Z')", [t.id])
        assert.equal((await s.getTransaction(t.id)).approvalStatus, 'approved')
        const wrong = await s.createLicense({ number: 'SA-ONLY', eccns: ['5A002'], destinations: ['SA'], validFrom: '2024-01-01', validTo: '2024-12-31', actor: 'alice' })
        await assert.rejects(s.recordShipment({ licenseId: wrong.id, transactionId: t.id, quantity: 8, shippedOn: '2024-06-10', destination: 'AE', actor: 'bob' }), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'LICENSE_DOES_NOT_COVER', String(e))
          assert.deepEqual(e.details.problems, ['it covers SA, not the destination AE', 'it names ECCN 5A002, not 3A090.a'])
          return true
        })
        assert.equal((await s.getLicense(wrong.id)).usedQuantity, 0)
        const right = await s.createLicense({ number: 'AE-H100', eccns: ['3A090'], destinations: ['AE'], validFrom: '2024-01-01', validTo: '2024-12-31', actor: 'alice' })
        const { shipment } = await s.recordShipment({ licenseId: right.id, transactionId: t.id, quantity: 8, tpp: 1, shippedOn: '2024-06-10', destination: 'AE', actor: 'bob' })
        assert.equal(shipment.transactionId, t.id)
      } finally {
        await o.cleanup()
      }
    })
  }
})
