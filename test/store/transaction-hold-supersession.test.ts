/**
 * The store's side of a held and a superseded transaction, on each database: an answer with unreviewed hits is
 * recorded with a hold in the same write (whatever its verdict, NLR included; not a PROHIBITED one); an answer with
 * `recheckOf` supersedes the old transaction in the write that records it (audited, its holds released), once: a
 * second supersession, or one of a decided transaction, writes nothing. A superseded transaction leaves the approval
 * queue and is refused for approval and shipment (TRANSACTION_SUPERSEDED naming the replacement).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import type { DeterminationResult } from '../../src/determination/types.js'
import type { RecordsStore } from '../../src/records/records-store.js'
import { recordTransactionWithHits } from '../../src/records/transaction-hits.js'
import { isAppError, type ErrorCode } from '../../src/shared/errors.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { storeDialectsUnderTest, type OpenedStore } from './dialects-under-test.js'

const A = 'tester'
const APPROVER = 'approver-tester'
const HUAWEI = 'Huawei Technologies Co., Ltd.'
const rejectsWith = (p: Promise<unknown>, code: ErrorCode) => assert.rejects(p, (e: unknown) => isAppError(e) && e.code === code)
type Tx = Parameters<typeof determine>[0]
/** NLR with a red flag: a Singapore buyer a fifth owned by a listed company (below the Affiliates Rule's share) */
const NLR_RED_FLAG: Tx = { date: '2025-03-01', item: { chip: 'nvidia-h20' }, quantity: 10, to: 'SG', parties: [{ role: 'end-user', name: 'Merlion Compute Pte. Ltd.', country: 'SG', owners: [{ name: HUAWEI, share: 0.2 }] }] }
/** LICENSE_REQUIRED, no party: 8 H100 to the UAE on 2024-06-01 */
const H100_TO_AE: Tx = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE' }

async function counts(o: OpenedStore) {
  const out: Record<string, number> = {}
  for (const t of ['transactions', 'transaction_supersessions', 'transaction_holds', 'audit_events']) out[t] = Number((await o.exec(`select count(*) as n from ${t}`))[0]!.n)
  return out
}

for (const d of storeDialectsUnderTest()) {
  describe(`held and superseded transactions in the store (${d.name})`, { skip: d.skip }, () => {
    const rules = loadRules()
    const screener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })
    const answer = (tx: Tx): DeterminationResult => determine(tx, { rules, screener })

    test('an NLR answer with an unreviewed red flag is recorded on hold in the same write; one with no hit is not', async () => {
      const o = await d.open()
      try {
        const s: RecordsStore = o.store
        const t = await recordTransactionWithHits(s, { transaction: NLR_RED_FLAG, result: answer(NLR_RED_FLAG), actor: A })
        assert.equal(t.verdict, 'NLR')
        const holds = await s.listHolds({ transactionId: t.id })
        assert.equal(holds.length, 1)
        assert.match(holds[0]!.reason, /^screening review pending: 1 unreviewed hit \(0 licence-relevant, 1 red flag\)/)
        assert.equal(holds[0]!.partyId, t.partyIds[0])
        assert.deepEqual((await s.listTransactions({ isOnHold: true })).items.map((x) => x.id), [t.id])
        // the hold is written in the transaction's write, right after it
        const events = (await s.listAuditEvents({ order: 'newest', limit: 2 })).items.reverse()
        assert.deepEqual(events.map((e) => e.action), ['transaction.recorded', 'transaction.held'])
        assert.ok(events.every((e) => e.at === t.recordedAt))
        const plain = await s.recordDetermination({ transaction: H100_TO_AE, result: answer(H100_TO_AE), actor: A })
        assert.deepEqual(await s.listHolds({ transactionId: plain.id }), [])
        assert.equal((await s.verifyAudit()).ok, true)
      } finally {
        await o.cleanup()
      }
    })

    test('recheckOf supersedes the old transaction once, audited, its hold released; it leaves the queue and is refused for approval; a second supersession writes nothing', async () => {
      const o = await d.open({ fourEyes: true })
      try {
        const s: RecordsStore = o.store
        const old = await s.recordDetermination({ transaction: H100_TO_AE, result: answer(H100_TO_AE), actor: A })
        const recheckOf = { transactionId: old.id, verdict: old.verdict, recordedAt: old.recordedAt, pendingHits: 0 }
        const n = await s.recordDetermination({ transaction: H100_TO_AE, result: { ...answer(H100_TO_AE), recheckOf }, actor: A })
        const got = await s.getTransaction(old.id)
        assert.deepEqual([got.approvalStatus, got.supersededBy], ['superseded', n.id])
        assert.deepEqual([(await s.getTransaction(n.id)).approvalStatus, (await s.getTransaction(n.id)).supersededBy], ['pending', null])
        assert.deepEqual((await s.listTransactions({ approvalStatus: 'pending' })).items.map((x) => x.id), [n.id])
        assert.deepEqual((await s.listTransactions({ approvalStatus: 'superseded' })).items.map((x) => x.id), [old.id])
        const ev = (await s.listAuditEvents({ entityType: 'transaction-supersession' })).items
        assert.deepEqual(ev.map((e) => [e.action, e.entityId, e.data]), [['transaction.superseded', old.id, { transactionId: old.id, supersededBy: n.id }]])

        const before = await counts(o)
        await assert.rejects(s.recordDetermination({ transaction: H100_TO_AE, result: { ...answer(H100_TO_AE), recheckOf }, actor: A }), (e: unknown) => isAppError(e) && e.code === 'TRANSACTION_SUPERSEDED' && e.details.supersededBy === n.id)
        await rejectsWith(s.approveTransaction({ transactionId: old.id, decision: 'rejected', reason: 'x', actor: APPROVER }), 'TRANSACTION_SUPERSEDED')
        await rejectsWith(s.recordDetermination({ transaction: H100_TO_AE, result: { ...answer(H100_TO_AE), recheckOf: { ...recheckOf, transactionId: 'txn_unknown' } }, actor: A }), 'NOT_FOUND')
        assert.deepEqual(await counts(o), before, 'a refused supersession writes nothing')

        // a decided transaction is superseded by no re-check
        await s.approveTransaction({ transactionId: n.id, decision: 'rejected', reason: 'no licence will be applied for', actor: APPROVER })
        await rejectsWith(s.recordDetermination({ transaction: H100_TO_AE, result: { ...answer(H100_TO_AE), recheckOf: { ...recheckOf, transactionId: n.id } }, actor: A }), 'CONFLICT')
        assert.equal((await s.verifyAudit()).ok, true)
      } finally {
        await o.cleanup()
      }
    })

    test("a superseded transaction's hold is released with the reason, and its shipments are refused naming the replacement", async () => {
      const o = await d.open()
      try {
        const s: RecordsStore = o.store
        const old = await recordTransactionWithHits(s, { transaction: NLR_RED_FLAG, result: answer(NLR_RED_FLAG), actor: A })
        const lic = await s.createLicense({ number: 'D-SG-1', destinations: ['SG'], authorizedQuantity: 100, validFrom: '2025-01-01', validTo: '2028-12-31', actor: A })
        await rejectsWith(s.recordShipment({ licenseId: lic.id, quantity: 1, shippedOn: '2025-03-05', destination: 'SG', transactionId: old.id, actor: A }), 'TRANSACTION_ON_HOLD')
        const recheckOf = { transactionId: old.id, verdict: old.verdict, recordedAt: old.recordedAt, pendingHits: 1 }
        const n = await recordTransactionWithHits(s, { transaction: NLR_RED_FLAG, result: { ...answer(NLR_RED_FLAG), recheckOf }, partyIds: old.partyIds, actor: A })
        const [h] = await s.listHolds({ transactionId: old.id, isActive: false }) // (false: released ones too)
        assert.equal(h!.releaseReason, `superseded by ${n.id} (re-check)`)
        assert.equal((await s.listHolds({ transactionId: n.id, isActive: true })).length, 1, 'still unreviewed: the replacement is held')
        await assert.rejects(s.recordShipment({ licenseId: lic.id, quantity: 1, shippedOn: '2025-03-05', destination: 'SG', transactionId: old.id, actor: A }), (e: unknown) => isAppError(e) && e.code === 'TRANSACTION_SUPERSEDED' && e.message.includes(`superseded by ${n.id}`))
        assert.equal((await s.verifyAudit()).ok, true)
      } finally {
        await o.cleanup()
      }
    })
  })
}
