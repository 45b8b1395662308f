/**
 * The README's walk through the API, end to end through app.inject() on a real store: create keys,
 * create and screen a party, clear a hit, determine a transaction (the same result as `chipnav check`),
 * record a licence, approve the transaction under it (a shipment before that is held), ship against it
 * until it is used up, upload and download a document (whose deletion retention refuses; then put on
 * legal hold), and verify the audit chain. Runs on SQLite always and on PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { fixtureScreener, openTestApp, storeDialectsUnderTest, testRules, type TestApp } from './server-fixture.js'

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>

for (const dialect of storeDialectsUnderTest()) {
  describe(`API walkthrough (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    test('an admin creates an analyst key; the new key works at once and its hash never leaves the server', async () => {
      const r = await t.call('POST', '/v1/keys', { body: { role: 'analyst', label: 'Dana' } })
      assert.equal(r.statusCode, 201)
      const created = r.json()
      assert.match(created.key, /^cnk_/)
      assert.equal(created.apiKey.role, 'analyst')
      assert.equal('keyHash' in created.apiKey, false)
      const me = await t.call('GET', '/v1/parties', { key: created.key })
      assert.equal(me.statusCode, 200)
      const list = await t.call('GET', '/v1/keys')
      assert.ok(list.json().items.every((k: object) => !('keyHash' in k)))
    })

    let partyId = ''
    let runId = ''
    let hitId = ''
    test('an analyst creates a party, which screens it: the Entity List hit is recorded open', async () => {
      const p = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } })
      assert.equal(p.statusCode, 201, p.body)
      partyId = p.json().id
      const s = await t.call('GET', `/v1/screenings/${p.json().screening.runId}`, { as: 'viewer' })
      assert.equal(s.statusCode, 200, s.body)
      const run = s.json()
      runId = run.id
      assert.equal(run.partyId, partyId)
      assert.equal(run.snapshots[0].sha256, 'f'.repeat(64))
      const hit = run.hits.find((h: { entryId: string }) => h.entryId === 'el-huawei-technologies')
      assert.ok(hit, 'the Entity List entry is a hit')
      assert.equal(hit.status, 'open')
      hitId = hit.id
      const queue = await t.call('GET', `/v1/screenings/hits?partyId=${partyId}`, { as: 'viewer' })
      assert.deepEqual(queue.json().items.map((h: { id: string }) => h.id), [hitId])
    })

    test('only an approver clears a hit; a second review of the same hit is a conflict', async () => {
      const url = `/v1/screenings/${runId}/hits/${hitId}/review`
      const body = { decision: 'cleared', reason: 'different company: registered in Hong Kong, not Shenzhen' }
      const denied = await t.call('POST', url, { as: 'analyst', body })
      assert.equal(denied.statusCode, 403)
      assert.equal(denied.json().code, 'FORBIDDEN')
      const ok = await t.call('POST', url, { as: 'approver', body })
      assert.equal(ok.statusCode, 200, ok.body)
      assert.equal(ok.json().status, 'cleared')
      const again = await t.call('POST', url, { as: 'approver', body })
      assert.equal(again.statusCode, 409)
      const wrongRun = await t.call('POST', `/v1/screenings/${runId}/hits/hit_nope/review`, { as: 'approver', body })
      assert.equal(wrongRun.statusCode, 404)
    })

    let transactionId = ''
    test('POST /v1/determinations takes the JSON of `chipnav check --file` and answers the same result, stored', async () => {
      const tx = example('h100-to-uae.json')
      const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body: tx })
      assert.equal(r.statusCode, 201, r.body)
      const { id, recordedAt, approvalStatus, ...result } = r.json()
      assert.match(id, /.+/)
      assert.equal(typeof recordedAt, 'string')
      assert.equal(approvalStatus, 'pending', 'LICENSE_REQUIRED: an approver decides before it ships')
      const direct = determine(tx, { rules: testRules(), screener: fixtureScreener() })
      assert.deepEqual(result, JSON.parse(JSON.stringify(direct)))
      transactionId = id
      const again = await t.call('GET', `/v1/determinations/${id}`, { as: 'viewer' })
      assert.deepEqual(again.json(), r.json())
      const stored = await t.call('GET', `/v1/transactions/${id}`, { as: 'viewer' })
      assert.equal(stored.json().verdict, direct.verdict)
      assert.equal(stored.json().rulesVersion, testRules().version)
      const list = await t.call('GET', '/v1/transactions?limit=10', { as: 'viewer' })
      assert.ok(list.json().items.some((x: { id: string }) => x.id === id))
    })

    test('as published, the Diffusion Rule ledger comes from the store', async () => {
      await t.store.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2025, tpp: 700_000_000, actor: 'cli:test' })
      const tx = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1000, to: 'IN' }
      const r = await t.call('POST', '/v1/determinations?regime=as-published', { as: 'analyst', body: tx })
      assert.equal(r.statusCode, 201, r.body)
      assert.equal(r.json().regime, 'as-published')
      assert.equal(r.json().allocations.tier2Country.usedBefore, 700_000_000)
      const stored = await t.call('GET', `/v1/transactions/${r.json().id}`)
      assert.deepEqual(stored.json().transaction.ledger.tier2CountryTpp, { IN: 700_000_000 })
    })

    let licenseId = ''
    test('only an approver records a licence', async () => {
      const licence = { number: 'D123456', items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['AE'], authorizedQuantity: 10, validFrom: '2024-01-01', validTo: '2027-12-31' }
      const denied = await t.call('POST', '/v1/licenses', { as: 'analyst', body: licence })
      assert.equal(denied.statusCode, 403)
      const r = await t.call('POST', '/v1/licenses', { as: 'approver', body: licence })
      assert.equal(r.statusCode, 201, r.body)
      licenseId = r.json().id
    })

    test('only an approver approves the transaction that needs a licence, under the licence; decisions are final', async () => {
      const url = `/v1/transactions/${transactionId}/approval`
      const body = { decision: 'approved', licenseId, reason: 'Licence D123456 covers 8 H100 to Example Cloud LLC, AE' }
      assert.equal((await t.call('GET', `/v1/transactions/${transactionId}`, { as: 'viewer' })).json().approvalStatus, 'pending')
      // nothing ships under it before the decision
      const held = await t.call('POST', `/v1/licenses/${licenseId}/shipments`, { as: 'analyst', body: { quantity: 8, shippedOn: '2024-06-03', destination: 'AE', transactionId } })
      assert.equal(held.statusCode, 409, held.body)
      assert.equal(held.json().code, 'APPROVAL_PENDING')
      const denied = await t.call('POST', url, { as: 'analyst', body })
      assert.equal(denied.statusCode, 403)
      const ok = await t.call('POST', url, { as: 'approver', body })
      assert.equal(ok.statusCode, 201, ok.body)
      assert.equal(ok.json().licenseNumber, 'D123456')
      const stored = await t.call('GET', `/v1/transactions/${transactionId}`, { as: 'viewer' })
      assert.equal(stored.json().approvalStatus, 'approved')
      assert.equal(stored.json().approval.licenseId, licenseId)
      const again = await t.call('POST', url, { as: 'approver', body })
      assert.equal(again.statusCode, 409)
      assert.equal(again.json().code, 'APPROVAL_ALREADY_DECIDED')
    })

    test('shipments deplete the licence and an overdraw is refused', async () => {
      const ship = await t.call('POST', `/v1/licenses/${licenseId}/shipments`, { as: 'analyst', body: { quantity: 8, shippedOn: '2024-06-03', destination: 'AE', transactionId } })
      assert.equal(ship.statusCode, 201, ship.body)
      assert.equal(ship.json().license.usedQuantity, 8)
      const over = await t.call('POST', `/v1/licenses/${licenseId}/shipments`, { as: 'approver', body: { quantity: 3, shippedOn: '2024-06-04', destination: 'AE', override: { reason: 'replacement units under the same licence' } } })
      assert.equal(over.statusCode, 409)
      assert.equal(over.json().code, 'LICENSE_OVERDRAWN')
      const shipments = await t.call('GET', `/v1/licenses/${licenseId}/shipments`, { as: 'viewer' })
      assert.equal(shipments.json().items.length, 1)
      const missing = await t.call('GET', '/v1/licenses/lic_nope/shipments', { as: 'viewer' })
      assert.equal(missing.statusCode, 404)
    })

    test('a document is uploaded as raw bytes and downloaded unchanged', async () => {
      const bytes = Buffer.from('%PDF-1.4 end-user statement signed 2024-05-30\n')
      const up = await t.app.inject({
        method: 'POST',
        url: `/v1/documents?kind=end-user-certificate&filename=${encodeURIComponent('EUS Dubai.pdf')}&transactionId=${transactionId}&eventOn=2024-06-03`,
        headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'application/pdf' },
        payload: bytes,
      })
      assert.equal(up.statusCode, 201, up.body)
      const doc = up.json()
      assert.equal(doc.mediaType, 'application/pdf')
      assert.equal(doc.size, bytes.length)
      const down = await t.call('GET', `/v1/documents/${doc.id}/content`, { as: 'viewer' })
      assert.equal(down.statusCode, 200)
      assert.equal(down.headers['content-type'], 'application/pdf')
      assert.match(String(down.headers['content-disposition']), /filename="EUS_Dubai.pdf"/)
      assert.deepEqual(down.rawPayload, bytes)
      const meta = await t.call('GET', `/v1/documents/${doc.id}`, { as: 'viewer' })
      assert.equal(meta.json().sha256, doc.sha256)
      // kept five years from the last shipment of its transaction (2024-06-03, 15 CFR 762.6)
      const kept = await t.call('DELETE', `/v1/documents/${doc.id}`, { as: 'approver' })
      assert.equal(kept.statusCode, 409)
      assert.equal(kept.json().code, 'RETENTION_ACTIVE')
      assert.equal(kept.json().retainUntil, '2029-06-03')
      // an agency asks for it: on legal hold, it is kept whatever its retention says
      const hold = await t.call('POST', `/v1/documents/${doc.id}/legal-hold`, { as: 'approver', body: { reason: 'BIS request of 2026-11-20, case 17' } })
      assert.equal(hold.statusCode, 200, hold.body)
      assert.equal(hold.json().isOnLegalHold, true)
    })

    test('the audit trail lists the changes and verifies', async () => {
      const events = await t.call('GET', '/v1/audit?limit=500', { as: 'viewer' })
      assert.equal(events.statusCode, 200)
      const actions = new Set(events.json().items.map((e: { action: string }) => e.action))
      for (const a of ['party.created', 'screening.recorded', 'hit.reviewed', 'transaction.recorded', 'transaction.approved', 'license.created', 'shipment.recorded', 'document.added', 'document.legal-hold-placed']) assert.ok(actions.has(a), a)
      const byKey = events.json().items.find((e: { action: string }) => e.action === 'hit.reviewed')
      assert.match(byKey.actor, /^key:/)
      const v = await t.call('GET', '/v1/audit/verify', { as: 'viewer' })
      assert.equal(v.statusCode, 200)
      assert.equal(v.json().ok, true, v.body)
    })
  })
}
