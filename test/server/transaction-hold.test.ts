/**
 * A recorded transaction with unreviewed hits is on hold whatever its verdict (NLR included): a red flag is resolved
 * before the export goes ahead (README, "Hits of a recorded transaction"), so nothing ships under it (409
 * TRANSACTION_ON_HOLD) until the hits are reviewed and a re-check replaces it. The re-check supersedes the old
 * transaction (`supersededBy`, audited): out of the approval queue and the holds, refused for approval, re-check and
 * shipment with 409 TRANSACTION_SUPERSEDED naming the replacement. SQLite always; PostgreSQL when
 * CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

const HUAWEI = 'Huawei Technologies Co., Ltd.'
/** a Singapore buyer, a fifth of it owned by a listed company: below the Affiliates Rule's share, a red flag only */
const ownedInSg = (share: number, chip = 'nvidia-h20') => ({ transaction: { date: '2025-03-01', item: { chip }, quantity: 10, to: 'SG', parties: [{ role: 'end-user', name: 'Merlion Compute Pte. Ltd.', country: 'SG', owners: [{ name: HUAWEI, share }] }] } })
type Hit = { id: string; runId: string }

for (const dialect of storeDialectsUnderTest()) {
  describe(`a transaction held while its hits are unreviewed; a re-check supersedes it (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    let licenseId = ''
    before(async () => {
      t = await openTestApp(dialect)
      const l = await t.call('POST', '/v1/licenses', { as: 'approver', body: { number: 'D-SG-HOLD', destinations: ['SG'], authorizedQuantity: 100, validFrom: '2025-01-01', validTo: '2028-12-31' } })
      assert.equal(l.statusCode, 201, l.body)
      licenseId = l.json().id
    })
    after(async () => t?.close())

    const record = async (body: unknown) => {
      const r = await t.call('POST', '/v1/transactions', { as: 'analyst', body })
      assert.equal(r.statusCode, 201, r.body)
      return r.json()
    }
    const stored = async (id: string) => (await t.call('GET', `/v1/transactions/${id}`, { as: 'viewer' })).json()
    const listIds = async (query: string) => ((await t.call('GET', `/v1/transactions?${query}&limit=500`, { as: 'viewer' })).json().items as { id: string }[]).map((x) => x.id)
    const clearAll = async (partyId: string) => {
      for (const h of (await t.call('GET', `/v1/screenings/hits?partyId=${partyId}&limit=100`, { as: 'viewer' })).json().items as Hit[]) {
        const r = await t.call('POST', `/v1/screenings/${h.runId}/hits/${h.id}/review`, { as: 'approver', body: { decision: 'cleared', reason: 'a minority holding, no control; documented' } })
        assert.equal(r.statusCode, 200, r.body)
      }
    }
    const ship = (transactionId: string) => t.call('POST', `/v1/licenses/${licenseId}/shipments`, { as: 'analyst', body: { quantity: 1, shippedOn: '2025-03-05', destination: 'SG', transactionId } })
    const recheck = (id: string) => t.call('POST', `/v1/transactions/${id}/recheck`, { as: 'analyst' })

    test('an NLR transaction with a red flag pending is on hold: listed under onHold, its shipments refused; reviewed and re-checked, the replacement ships', async () => {
      const d = await record(ownedInSg(0.2))
      assert.equal(d.verdict, 'NLR', JSON.stringify(d.reasons))
      assert.equal(d.approvalStatus, 'not-required')
      const tx = await stored(d.id)
      assert.equal(tx.activeHolds, 1, JSON.stringify(tx).slice(0, 600))
      assert.equal(tx.supersededBy, null)
      assert.ok((await listIds('onHold=true')).includes(d.id))
      const holds = (await t.call('GET', `/v1/transactions/${d.id}/holds`, { as: 'viewer' })).json().holds as { reason: string; hitId: string | null; partyId: string | null }[]
      assert.equal(holds.length, 1)
      assert.match(holds[0]!.reason, /^screening review pending: 1 unreviewed hit \(0 licence-relevant, 1 red flag\) on Huawei Technologies Co\., Ltd\. \(owner of Merlion Compute Pte\. Ltd\.\)/)
      assert.equal(holds[0]!.partyId, tx.partyIds[0])
      assert.ok(holds[0]!.hitId)
      const refused = await ship(d.id)
      assert.equal(refused.statusCode, 409, refused.body)
      assert.equal(refused.json().code, 'TRANSACTION_ON_HOLD')
      assert.match(refused.json().detail, /screening review pending/)

      await clearAll(tx.partyIds[0])
      const r = await recheck(d.id)
      assert.equal(r.statusCode, 201, r.body)
      const n = r.json()
      assert.equal(n.verdict, 'NLR')
      assert.equal((await stored(n.id)).activeHolds, 0, 'reviewed: the replacement is not held')
      const old = await stored(d.id)
      assert.equal(old.supersededBy, n.id)
      assert.equal(old.approvalStatus, 'superseded')
      assert.equal(old.activeHolds, 0, "the old transaction's hold is released by the supersession")
      assert.ok(!(await listIds('onHold=true')).includes(d.id))
      const released = (await t.call('GET', `/v1/transactions/${d.id}/holds`, { as: 'viewer' })).json().holds as { releaseReason: string | null }[]
      assert.equal(released[0]!.releaseReason, `superseded by ${n.id} (re-check)`)
      const old409 = await ship(d.id)
      assert.equal(old409.statusCode, 409, old409.body)
      assert.equal(old409.json().code, 'TRANSACTION_SUPERSEDED')
      assert.equal(old409.json().supersededBy, n.id)
      assert.equal((await ship(n.id)).statusCode, 201)
    })

    test('a re-check that still finds an unreviewed hit records a held replacement', async () => {
      const d = await record(ownedInSg(0.2))
      const n = (await recheck(d.id)).json()
      assert.equal((await stored(n.id)).activeHolds, 1)
      assert.equal((await stored(d.id)).supersededBy, n.id)
      assert.equal((await ship(n.id)).json().code, 'TRANSACTION_ON_HOLD')
    })

    test('a superseded transaction leaves the approval queue; approval, rejection and a second re-check are refused naming the replacement; audited', async () => {
      // LICENSE_REQUIRED: an owner at 60 % under the Affiliates Rule (in force from 2025-09-29), licence-relevant
      const d = await record({ transaction: { ...ownedInSg(0.6, 'nvidia-h100-sxm').transaction, date: '2025-10-15', to: 'CN', parties: [{ role: 'end-user', name: 'Kestrel Compute Co., Ltd.', country: 'CN', owners: [{ name: HUAWEI, share: 0.6 }] }] } })
      assert.equal(d.approvalStatus, 'pending')
      assert.equal((await stored(d.id)).activeHolds, 1, 'held too: its hits are unreviewed')
      assert.ok((await listIds('approvalStatus=pending')).includes(d.id))
      const n = (await recheck(d.id)).json()
      const pending = await listIds('approvalStatus=pending')
      assert.ok(!pending.includes(d.id), 'out of the approval queue')
      assert.ok(pending.includes(n.id))
      assert.deepEqual((await listIds('approvalStatus=superseded')).filter((id) => id === d.id), [d.id])
      const listed = ((await t.call('GET', '/v1/transactions?limit=500', { as: 'viewer' })).json().items as { id: string; supersededBy: string | null; approvalStatus: string }[]).find((x) => x.id === d.id)!
      assert.deepEqual([listed.approvalStatus, listed.supersededBy], ['superseded', n.id])
      for (const decision of ['approved', 'rejected']) {
        const r = await t.call('POST', `/v1/transactions/${d.id}/approval`, { as: 'approver', body: { decision, reason: 'x' } })
        assert.equal(r.statusCode, 409, r.body)
        assert.equal(r.json().code, 'TRANSACTION_SUPERSEDED')
        assert.equal(r.json().supersededBy, n.id)
        assert.match(r.json().detail, new RegExp(`superseded by ${n.id}`))
      }
      const again = await recheck(d.id)
      assert.equal(again.statusCode, 409, again.body)
      assert.equal(again.json().code, 'TRANSACTION_SUPERSEDED')
      const events = (await t.call('GET', `/v1/audit?entityType=transaction-supersession&entityId=${d.id}`, { as: 'viewer' })).json().items as { action: string; data: unknown }[]
      assert.deepEqual(events.map((e) => [e.action, e.data]), [['transaction.superseded', { transactionId: d.id, supersededBy: n.id }]])
      assert.equal((await t.call('GET', '/v1/audit/verify?mode=full', { as: 'viewer' })).json().ok, true)
    })

    test('a party named in a script the lists barely hold (Han) holds the transaction: "no hit" is not a clean result; a Latin-script name does not', async () => {
      const tx = (name: string) => ({ transaction: { date: '2025-03-01', item: { chip: 'nvidia-h20' }, quantity: 10, to: 'SG', parties: [{ role: 'end-user', name, country: 'SG' }] } })
      const han = await record(tx('王秀英'))
      assert.equal(han.verdict, 'NLR', JSON.stringify(han.reasons))
      assert.ok(han.flags.some((f: { id: string }) => f.id.startsWith('name-script-uncovered-')), JSON.stringify(han.flags.map((f: { id: string }) => f.id)))
      const holds = (await t.call('GET', `/v1/transactions/${han.id}/holds`, { as: 'viewer' })).json().holds as { reason: string }[]
      assert.equal(holds.length, 1)
      assert.match(holds[0]!.reason, /^not cleanly screened: 王秀英 \(a name in a script the lists barely hold\)/)
      assert.equal((await ship(han.id)).statusCode, 409)
      const latin = await record(tx('Wang Xiuying Trading Pte. Ltd.'))
      assert.equal((await stored(latin.id)).activeHolds, 0)
    })
  })
}
