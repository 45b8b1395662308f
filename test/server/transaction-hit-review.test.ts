/**
 * A recorded transaction's screening hits reach the review queue (review finding F14): under the stored party the
 * transaction names or one created for it; an approval waits for their review (HIT_REVIEW_PENDING naming them); a
 * re-check after the review records a new determination linked to the old one, where a cleared match decides
 * nothing and a confirmed one still does. SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

const HUAWEI = 'Huawei Technologies Co., Ltd.'
const SDN_NAME = 'Borealis Quantum Shipping Company'
const txOf = (name: string, country: string, to = country) => ({ transaction: { date: '2025-03-01', item: { chip: 'nvidia-h20' }, quantity: 1, to, parties: [{ role: 'end-user', name, country }] } })
type Hit = { id: string; runId: string; partyId: string; list: string; entryId: string; detail: { transaction?: { id: string; role: string }; matchedVia?: { role: string; name: string } } }
// a party owned by a listed company, on a date the Affiliates Rule is in force (data/policies/affiliates-rule.yaml)
const owned = (owner: string, share: number) => ({ transaction: { date: '2025-10-15', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'CN', parties: [{ role: 'end-user', name: 'Kestrel Compute Co., Ltd.', country: 'CN', owners: [{ name: owner, share }] }] } })
const affiliates = (d: { reasons: { ruleId: string }[] }) => d.reasons.filter((r) => r.ruleId === 'policies.affiliates-rule').length
const listed = (d: { reasons: { ruleId: string; party?: unknown }[] }) => d.reasons.filter((r) => r.ruleId.startsWith('lists.') && r.party).length

for (const dialect of storeDialectsUnderTest()) {
  describe(`transaction hits in the review queue (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    const record = async (body: unknown) => {
      const r = await t.call('POST', '/v1/transactions', { as: 'analyst', body })
      assert.equal(r.statusCode, 201, r.body)
      return r.json()
    }
    const stored = async (id: string) => (await t.call('GET', `/v1/transactions/${id}`, { as: 'viewer' })).json()
    const queue = async (partyId: string) => (await t.call('GET', `/v1/screenings/hits?partyId=${partyId}&limit=100`, { as: 'viewer' })).json().items as Hit[]
    const review = async (h: Hit, decision: 'cleared' | 'confirmed') => {
      const r = await t.call('POST', `/v1/screenings/${h.runId}/hits/${h.id}/review`, { as: 'approver', body: { decision, reason: decision === 'cleared' ? 'a Singapore reseller with its own registration, not the listed company' : 'the listed company itself' } })
      assert.equal(r.statusCode, 200, r.body)
    }
    const approve = (id: string, body: Record<string, unknown> = { decision: 'approved', reason: 'cleared offline' }) => t.call('POST', `/v1/transactions/${id}/approval`, { as: 'approver', body })
    const recheck = (id: string) => t.call('POST', `/v1/transactions/${id}/recheck`, { as: 'analyst' })

    test('a transaction with an unlinked party queues its hits under a party created for it; the approval waits for their review', async () => {
      const d = await record(txOf(HUAWEI, 'SG'))
      assert.ok(listed(d) > 0)
      const tx = await stored(d.id)
      assert.equal(tx.partyIds.length, 1)
      const party = (await t.call('GET', `/v1/parties/${tx.partyIds[0]}`, { as: 'viewer' })).json()
      assert.deepEqual([party.name, party.country], [HUAWEI, 'SG'])
      const hits = await queue(party.id)
      assert.ok(hits.length > 0)
      assert.ok(hits.every((h) => h.detail.transaction?.id === d.id && h.detail.transaction?.role === 'end-user'))
      const r = await approve(d.id)
      assert.equal(r.statusCode, 409, r.body)
      const p = r.json()
      assert.equal(p.code, 'HIT_REVIEW_PENDING')
      assert.ok(p.hits.some((h: { hitId: string | null; list: string }) => h.list === 'el' && hits.some((q) => q.id === h.hitId)), r.body)
      assert.match(p.detail, /re-check/)
      // a rejection is not held by the review
      const rej = await approve(d.id, { decision: 'rejected', reason: 'end user on the Entity List' })
      assert.equal(rej.statusCode, 201, rej.body)
      // a decided transaction is not re-checked
      assert.equal((await recheck(d.id)).json().code, 'CONFLICT')
    })

    test('clearing the hits and re-checking records a new determination linked to the old one, where the cleared match decides nothing', async () => {
      const d = await record(txOf(HUAWEI, 'SG'))
      const partyId = (await stored(d.id)).partyIds[0] as string
      for (const h of await queue(partyId)) await review(h, 'cleared')
      assert.equal((await queue(partyId)).length, 0)
      // the old answer still rests on hits no one reviewed when it was made: re-check it
      const before = await approve(d.id)
      assert.equal(before.json().code, 'HIT_REVIEW_PENDING')
      assert.match(before.json().detail, /reviewed since: re-check/)
      const r = await recheck(d.id)
      assert.equal(r.statusCode, 201, r.body)
      const n = r.json()
      assert.notEqual(n.id, d.id)
      assert.equal(n.recheckOf.transactionId, d.id)
      assert.equal(n.recheckOf.verdict, d.verdict)
      assert.ok(n.recheckOf.pendingHits > 0)
      assert.equal(listed(n), 0, JSON.stringify(n.reasons))
      assert.ok(n.flags.some((f: { id: string }) => f.id.startsWith('hit-cleared-end-user-')))
      const again = await stored(n.id)
      assert.deepEqual(again.partyIds, [partyId])
      assert.equal(again.reference, null)
      assert.equal((await queue(partyId)).length, 0, 'a cleared hit is not queued again')
      // the old transaction is as it was
      assert.equal((await stored(d.id)).verdict, d.verdict)
      const events = (await t.call('GET', '/v1/audit?limit=500', { as: 'viewer' })).json().items as { action: string; entityId: string; data: { recheckOf?: string } }[]
      assert.ok(events.some((e) => e.action === 'transaction.recorded' && e.entityId === n.id && e.data.recheckOf === d.id))
      assert.equal((await t.call('GET', '/v1/audit/verify', { as: 'viewer' })).json().ok, true)
    })

    test('a confirmed hit keeps the transaction blocked after the re-check, and the approval then goes on to the licence', async () => {
      const party = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: HUAWEI, country: 'CN' } })).json()
      const d = await record({ ...txOf(HUAWEI, 'CN'), partyIds: [party.id] })
      assert.deepEqual((await stored(d.id)).partyIds, [party.id], 'the named stored party is used, none created')
      // the party's own screening queued the same matches first: the queue shows each once, the transaction's run is stored beside it
      assert.ok((await queue(party.id)).length > 0)
      const runs = (await t.call('GET', `/v1/screenings?partyId=${party.id}`, { as: 'viewer' })).json().items as { hitCount: number }[]
      assert.equal(runs.length, 2)
      assert.ok(runs[1]!.hitCount > 0, 'the transaction hits are recorded under the stored party')
      for (const h of await queue(party.id)) await review(h, 'confirmed')
      const n = (await recheck(d.id)).json()
      assert.equal(n.recheckOf.transactionId, d.id)
      assert.ok(listed(n) > 0)
      assert.equal(n.verdict, d.verdict)
      assert.equal((await queue(party.id)).length, 0, 'a confirmed hit is not queued again')
      const r = await approve(n.id)
      assert.notEqual(r.json().code, 'HIT_REVIEW_PENDING', r.body)
    })

    test('an unreviewed SDN match makes no final PROHIBITED: neither decision is taken until it is reviewed; cleared, the re-check no longer prohibits', async () => {
      const d = await record(txOf(SDN_NAME, 'AE'))
      assert.equal(d.verdict, 'PROHIBITED')
      for (const decision of ['approved', 'rejected']) {
        const r = await approve(d.id, { decision, reason: 'cleared offline' })
        assert.equal(r.json().code, 'HIT_REVIEW_PENDING', r.body)
      }
      const partyId = (await stored(d.id)).partyIds[0] as string
      for (const h of await queue(partyId)) await review(h, 'cleared')
      const n = (await recheck(d.id)).json()
      assert.notEqual(n.verdict, 'PROHIBITED', JSON.stringify(n.reasons))
      assert.equal(n.recheckOf.verdict, 'PROHIBITED')
    })

    test('recording is one store transaction: a failure after the parties and hits are written leaves nothing behind, and the audit chain verifies', async () => {
      const count = async (table: string) => Number((await t.exec(`select count(*) as n from ${table}`))[0]!.n)
      const tables = ['parties', 'screening_runs', 'screening_hits', 'transactions', 'audit_events']
      const before = await Promise.all(tables.map(count))
      // the fault: the database refuses the transaction row, which is written after the party, its run and its hits
      if (dialect.name === 'sqlite') await t.exec(`create trigger fail_transaction before insert on transactions begin select raise(abort, 'injected failure'); end`)
      else {
        await t.exec(`create function fail_transaction() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`)
        await t.exec(`create trigger fail_transaction before insert on transactions for each row execute function fail_transaction()`)
      }
      try {
        const r = await t.call('POST', '/v1/transactions', { as: 'analyst', body: txOf(HUAWEI, 'MY') })
        assert.notEqual(r.statusCode, 201, r.body)
      } finally {
        await t.exec('drop trigger fail_transaction' + (dialect.name === 'sqlite' ? '' : ' on transactions'))
      }
      assert.deepEqual(await Promise.all(tables.map(count)), before, `${tables.join(', ')}: nothing written`)
      assert.equal((await t.call('GET', '/v1/audit/verify', { as: 'viewer' })).json().ok, true)
      // the fault gone, the same transaction records with its party and hits
      const d = await record(txOf(HUAWEI, 'MY'))
      const partyId = (await stored(d.id)).partyIds[0] as string
      assert.ok((await queue(partyId)).every((h) => h.detail.transaction?.id === d.id))
      assert.ok((await queue(partyId)).length > 0)
      assert.equal((await t.call('GET', '/v1/audit/verify', { as: 'viewer' })).json().ok, true)
    })

    test("an owner's matches are queued under the party, as matched via the owner; reviewed, the re-check applies them (cleared: no Affiliates Rule requirement; confirmed: it holds)", async () => {
      for (const decision of ['cleared', 'confirmed'] as const) {
        const d = await record(owned(HUAWEI, 0.6))
        assert.ok(affiliates(d) > 0, JSON.stringify(d.reasons))
        const partyId = (await stored(d.id)).partyIds[0] as string
        const party = (await t.call('GET', `/v1/parties/${partyId}`, { as: 'viewer' })).json()
        assert.equal(party.name, 'Kestrel Compute Co., Ltd.', 'queued under the transaction party, not under the owner')
        const hits = await queue(partyId)
        assert.ok(hits.length > 0)
        assert.ok(hits.every((h) => h.detail.matchedVia?.role === 'owner' && h.detail.matchedVia.name === HUAWEI && h.detail.transaction?.id === d.id), JSON.stringify(hits))
        const r = await approve(d.id)
        assert.equal(r.json().code, 'HIT_REVIEW_PENDING', r.body)
        assert.match(r.json().detail, /licence-relevant hit pending: .*Huawei Technologies Co\., Ltd\. \(owner of Kestrel Compute Co\., Ltd\., end-user\)/)
        assert.ok(r.json().hits.every((h: { matchedVia?: { name: string }; kind: string }) => h.matchedVia?.name === HUAWEI && h.kind === 'licence-relevant'))
        for (const h of hits) await review(h, decision)
        const n = (await recheck(d.id)).json()
        assert.equal(n.recheckOf.transactionId, d.id)
        if (decision === 'cleared') {
          assert.equal(affiliates(n), 0, JSON.stringify(n.reasons))
          assert.ok(n.flags.some((f: { id: string }) => f.id.startsWith('hit-cleared-end-user-owner-')), JSON.stringify(n.flags))
        } else assert.ok(affiliates(n) > 0, JSON.stringify(n.reasons))
        assert.equal((await queue(partyId)).length, 0, 'a reviewed owner match is not queued again')
        assert.notEqual((await approve(n.id)).json().code, 'HIT_REVIEW_PENDING')
      }
    })

    test('a red flag (a match that sets no licence requirement) holds an approval too, and the 409 says it is a red flag, not a licence-relevant hit', async () => {
      // an owner below the Affiliates Rule's share: its Entity List match sets no requirement, but is a red flag to resolve
      const d = await record(owned(HUAWEI, 0.2))
      assert.equal(affiliates(d), 0)
      const r = await approve(d.id, { decision: 'approved', reason: 'cleared offline', licenseId: 'lic_none' })
      assert.equal(r.statusCode, 409, r.body)
      const p = r.json()
      assert.equal(p.code, 'HIT_REVIEW_PENDING')
      assert.equal(p.licenceRelevant, 0)
      assert.ok(p.redFlags > 0)
      assert.match(p.detail, /red flag pending: /)
      assert.doesNotMatch(p.detail, /licence-relevant hit pending/)
      assert.ok(p.hits.every((h: { kind: string }) => h.kind === 'red-flag'))
      // reviewed and re-checked, nothing is pending
      const partyId = (await stored(d.id)).partyIds[0] as string
      for (const h of await queue(partyId)) await review(h, 'cleared')
      const n = (await recheck(d.id)).json()
      assert.notEqual((await approve(n.id, { decision: 'approved', reason: 'cleared offline', licenseId: 'lic_none' })).json().code, 'HIT_REVIEW_PENDING')
    })

    test('a transaction with no hits creates no party; re-check of an unknown transaction is 404', async () => {
      const d = await record(txOf('Plainfield Robotics GmbH', 'DE'))
      assert.deepEqual((await stored(d.id)).partyIds, [])
      assert.equal((await recheck('txn_unknown')).statusCode, 404)
      assert.equal((await t.call('POST', `/v1/transactions/${d.id}/recheck`, { as: 'viewer' })).statusCode, 403)
    })
  })
}
