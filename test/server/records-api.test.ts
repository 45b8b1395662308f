/**
 * The record endpoints beyond the walkthrough: approving a transaction that needs a licence, deleting a
 * document (retention), the allocation ledger, the technology access log and the list of screening runs.
 * Roles, refusals as problem+json with their stable codes and fields, pagination, and the audit chain
 * valid after the new writes. SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>

type Reply = { statusCode: number; headers: Record<string, unknown>; body: string; json(): any }

function assertProblem(r: Reply, status: number, code: string) {
  assert.equal(r.statusCode, status, r.body)
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/)
  const p = r.json()
  assert.equal(p.code, code)
  assert.equal(p.status, status)
  assert.equal(p.type, `urn:chipnav:problem:${code}`)
  return p
}
const errorPaths = (p: { errors?: { path: string }[] }) => (p.errors ?? []).map((e) => e.path)

for (const dialect of storeDialectsUnderTest()) {
  describe(`record endpoints (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    const determine = async (body: unknown) => {
      const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body })
      assert.equal(r.statusCode, 201, r.body)
      return r.json() as { id: string; verdict: string }
    }

    describe('approving a transaction that needs a licence', () => {
      let txId = ''
      let licenseId = ''
      before(async () => {
        const d = await determine(example('h100-to-uae.json'))
        assert.equal(d.verdict, 'LICENSE_REQUIRED')
        txId = d.id
        const l = await t.call('POST', '/v1/licenses', { as: 'approver', body: { number: 'D-APPROVAL-1', items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['AE'], authorizedQuantity: 10, validFrom: '2024-05-01', validTo: '2028-04-30' } })
        assert.equal(l.statusCode, 201, l.body)
        licenseId = l.json().id
      })
      const url = () => `/v1/transactions/${txId}/approval`

      test('the transaction waits for approval: pending, in the approval queue', async () => {
        const r = await t.call('GET', `/v1/transactions/${txId}`, { as: 'viewer' })
        assert.equal(r.json().approvalStatus, 'pending')
        assert.equal(r.json().approval, null)
        const queue = await t.call('GET', '/v1/transactions?approvalStatus=pending', { as: 'viewer' })
        assert.ok(queue.json().items.some((x: { id: string }) => x.id === txId))
      })

      test('a viewer or an analyst cannot approve: 403', async () => {
        for (const as of ['viewer', 'analyst'] as const) {
          const p = assertProblem(await t.call('POST', url(), { as, body: { decision: 'approved', reason: 'looks fine' } }), 403, 'FORBIDDEN')
          assert.match(p.detail, /approve a transaction that needs a licence \(approver or admin\)/)
        }
      })

      test('bad input → 400 VALIDATION_FAILED naming the field', async () => {
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', url(), { as: 'approver', body: { decision: 'maybe', reason: 'x' } }), 400, 'VALIDATION_FAILED')), ['decision'])
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', url(), { as: 'approver', body: { decision: 'approved' } }), 400, 'VALIDATION_FAILED')), ['reason'])
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', url(), { as: 'approver', body: { decision: 'approved', reason: '  ' } }), 400, 'VALIDATION_FAILED')), ['reason'])
        const unknown = assertProblem(await t.call('POST', url(), { as: 'approver', body: { decision: 'approved', reason: 'x', approvedBy: 'me' } }), 400, 'VALIDATION_FAILED')
        assert.ok(unknown.errors.some((e: { message: string }) => /approvedBy/.test(e.message)), JSON.stringify(unknown.errors))
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', url(), { as: 'approver', body: { decision: 'rejected', reason: 'x', licenseId } }), 400, 'VALIDATION_FAILED')), ['licenseId'])
        assertProblem(await t.call('POST', '/v1/transactions/txn_nope/approval', { as: 'approver', body: { decision: 'approved', reason: 'x' } }), 404, 'NOT_FOUND')
        assertProblem(await t.call('POST', url(), { as: 'approver', body: { decision: 'approved', reason: 'x', licenseId: 'lic_nope' } }), 404, 'NOT_FOUND')
      })

      test('a licence that does not cover the transaction → 409 LICENSE_DOES_NOT_COVER, naming what is missing', async () => {
        const l = await t.call('POST', '/v1/licenses', { as: 'approver', body: { number: 'D-SA-1', eccns: ['3A090.a'], destinations: ['SA'], validFrom: '2025-01-01', validTo: '2028-04-30' } })
        const p = assertProblem(await t.call('POST', url(), { as: 'approver', body: { decision: 'approved', reason: 'x', licenseId: l.json().id } }), 409, 'LICENSE_DOES_NOT_COVER')
        assert.equal(p.problems.length, 2, JSON.stringify(p))
        assert.match(p.detail, /not the destination AE/)
        assert.equal((await t.call('GET', `/v1/transactions/${txId}`)).json().approvalStatus, 'pending')
      })

      test('an approver approves it under the licence; the decision is shown with the transaction; a second decision → 409', async () => {
        const r = await t.call('POST', url(), { as: 'approver', body: { decision: 'approved', licenseId, reason: 'Licence D-APPROVAL-1 covers 8 H100 to Example Cloud LLC; end-user statement on file' } })
        assert.equal(r.statusCode, 201, r.body)
        const approval = r.json()
        assert.equal(approval.decision, 'approved')
        assert.equal(approval.transactionId, txId)
        assert.equal(approval.licenseNumber, 'D-APPROVAL-1')
        assert.equal(approval.verdict, 'LICENSE_REQUIRED')
        assert.match(approval.decidedBy, /^key:/)
        assert.equal(approval.decidedAt, '2026-11-26T10:00:00.000Z')
        const stored = (await t.call('GET', `/v1/transactions/${txId}`, { as: 'viewer' })).json()
        assert.equal(stored.approvalStatus, 'approved')
        assert.deepEqual(stored.approval, approval)
        const listed = (await t.call('GET', '/v1/transactions?approvalStatus=approved', { as: 'viewer' })).json()
        assert.deepEqual(listed.items.map((x: { id: string; approval: { decision: string } }) => [x.id, x.approval.decision]), [[txId, 'approved']])
        const pending = (await t.call('GET', '/v1/transactions?approvalStatus=pending', { as: 'viewer' })).json()
        assert.ok(!pending.items.some((x: { id: string }) => x.id === txId))
        for (const body of [{ decision: 'approved', reason: 'again' }, { decision: 'rejected', reason: 'second thoughts' }]) {
          const p = assertProblem(await t.call('POST', url(), { as: 'admin', body }), 409, 'APPROVAL_ALREADY_DECIDED')
          assert.equal(p.decision, 'approved')
        }
        assertProblem(await t.call('GET', '/v1/transactions?approvalStatus=maybe', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
      })

      test('an admin may decide too; NLR needs no approval and a prohibited transaction cannot be decided: 409', async () => {
        const other = await determine({ date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 2, to: 'AE' })
        const rejected = await t.call('POST', `/v1/transactions/${other.id}/approval`, { as: 'admin', body: { decision: 'rejected', reason: 'no licence will be applied for' } })
        assert.equal(rejected.statusCode, 201, rejected.body)
        assert.equal((await t.call('GET', `/v1/transactions/${other.id}`)).json().approvalStatus, 'rejected')
        const nlr = await determine({ date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'DE' })
        assert.equal(nlr.verdict, 'NLR')
        assertProblem(await t.call('POST', `/v1/transactions/${nlr.id}/approval`, { as: 'approver', body: { decision: 'approved', reason: 'x' } }), 409, 'APPROVAL_NOT_REQUIRED')
        assert.equal((await t.call('GET', `/v1/transactions/${nlr.id}`)).json().approvalStatus, 'not-required')
        const prohibited = await determine({ date: '2024-06-01', item: { chip: 'nvidia-l4' }, quantity: 1, to: 'AE', parties: [{ role: 'purchaser', name: 'Zephyrine Quillfeather Export Trading', country: 'AE' }] })
        assert.equal(prohibited.verdict, 'PROHIBITED')
        for (const decision of ['approved', 'rejected']) {
          assertProblem(await t.call('POST', `/v1/transactions/${prohibited.id}/approval`, { as: 'approver', body: { decision, reason: 'x' } }), 409, 'TRANSACTION_PROHIBITED')
        }
        assert.equal((await t.call('GET', `/v1/transactions/${prohibited.id}`)).json().approvalStatus, 'prohibited')
      })
    })

    describe('deleting a document', () => {
      const upload = async (eventOn: string) => {
        const r = await t.app.inject({ method: 'POST', url: `/v1/documents?kind=invoice&eventOn=${eventOn}`, headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'text/plain' }, payload: `INVOICE of ${eventOn}` })
        assert.equal(r.statusCode, 201, r.body)
        return r.json().id as string
      }

      test('only an approver or an admin deletes: 403 for an analyst and a viewer', async () => {
        const id = await upload('2019-01-01')
        for (const as of ['viewer', 'analyst'] as const) assertProblem(await t.call('DELETE', `/v1/documents/${id}`, { as }), 403, 'FORBIDDEN')
        assert.equal((await t.call('GET', `/v1/documents/${id}`)).statusCode, 200)
      })

      test('within its retention → 409 RETENTION_ACTIVE with the retain-until date; the document stays', async () => {
        const id = await upload('2024-06-01')
        const p = assertProblem(await t.call('DELETE', `/v1/documents/${id}`, { as: 'approver' }), 409, 'RETENTION_ACTIVE')
        assert.equal(p.retainUntil, '2029-06-01')
        assert.equal(p.latestEvent, '2024-06-01')
        assert.match(p.detail, /15 CFR 762\.6/)
        assert.equal((await t.call('GET', `/v1/documents/${id}/content`)).statusCode, 200)
      })

      test('after its retention an approver deletes it: 200, then 404', async () => {
        const id = await upload('2020-01-01')
        const r = await t.call('DELETE', `/v1/documents/${id}`, { as: 'approver' })
        assert.equal(r.statusCode, 200, r.body)
        assert.deepEqual(r.json(), { id, deleted: true, retainUntil: '2025-01-01' })
        assertProblem(await t.call('GET', `/v1/documents/${id}`), 404, 'NOT_FOUND')
        assertProblem(await t.call('DELETE', `/v1/documents/${id}`, { as: 'admin' }), 404, 'NOT_FOUND')
      })
    })

    describe('allocation ledger', () => {
      test('an analyst records allocations; a viewer cannot; bad input names the field; a passed cap → 409', async () => {
        const ok = await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1000 } })
        assert.equal(ok.statusCode, 201, ok.body)
        assert.equal(ok.json().kind, 'tier2-country')
        assert.match(ok.json().recordedBy, /^key:/)
        await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'IN', year: 2026, tpp: 500 } })
        await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'lpp-consignee', country: 'IN', consignee: 'Bharat Compute Pvt Ltd', year: 2025, tpp: 300 } })
        assertProblem(await t.call('POST', '/v1/allocations', { as: 'viewer', body: { kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1 } }), 403, 'FORBIDDEN')
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'lpp-consignee', country: 'IN', year: 2025, tpp: 1 } }), 400, 'VALIDATION_FAILED')), ['consignee'])
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'India', year: 2025, tpp: -1 } }), 400, 'VALIDATION_FAILED')).sort(), ['country', 'tpp'])
        const cap = assertProblem(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'IN', year: 2026, tpp: 600, cap: 2000 } }), 409, 'ALLOCATION_EXCEEDED')
        assert.equal(cap.used, 1500)
      })

      test('the ledger sums them in the shape of a transaction’s ledger; the list pages and filters', async () => {
        const l = await t.call('GET', '/v1/allocations/ledger?country=in&consignee=Bharat%20Compute%20Pvt%20Ltd&year=2025', { as: 'viewer' })
        assert.equal(l.statusCode, 200, l.body)
        assert.deepEqual(l.json(), { year: 2025, country: 'IN', consignee: 'Bharat Compute Pvt Ltd', ledger: { tier2CountryTpp: { IN: 1000 }, consigneeYearTpp: 300 } })
        assert.deepEqual((await t.call('GET', '/v1/allocations/ledger?year=2026', { as: 'viewer' })).json().ledger, { tier2CountryTpp: { IN: 1500 }, consigneeYearTpp: 0 })
        assert.deepEqual(errorPaths(assertProblem(await t.call('GET', '/v1/allocations/ledger?country=IN', { as: 'viewer' }), 400, 'VALIDATION_FAILED')), ['query.year'])
        const p1 = (await t.call('GET', '/v1/allocations?limit=2', { as: 'viewer' })).json()
        assert.equal(p1.items.length, 2)
        const p2 = (await t.call('GET', `/v1/allocations?limit=2&cursor=${p1.nextCursor}`, { as: 'viewer' })).json()
        assert.equal(p2.items.length, 1)
        assert.equal(p2.nextCursor, null)
        const lpp = (await t.call('GET', '/v1/allocations?kind=lpp-consignee', { as: 'viewer' })).json()
        assert.deepEqual(lpp.items.map((a: { consignee: string }) => a.consignee), ['Bharat Compute Pvt Ltd'])
        assert.equal((await t.call('GET', '/v1/allocations?year=2026&country=IN', { as: 'viewer' })).json().items.length, 1)
      })
    })

    describe('technology access log', () => {
      test('an analyst logs accesses; bad input names the field; the log pages and filters', async () => {
        const entry = { subject: 'researcher-17', nationality: 'CN', location: 'US', resource: 'cluster-h100-east', eccn: '4E001', accessedAt: '2026-11-20T09:30:00Z' }
        const r = await t.call('POST', '/v1/tech-access', { as: 'analyst', body: entry })
        assert.equal(r.statusCode, 201, r.body)
        assert.equal(r.json().nationality, 'CN')
        await t.call('POST', '/v1/tech-access', { as: 'analyst', body: { ...entry, subject: 'researcher-18', nationality: 'IN' } })
        await t.call('POST', '/v1/tech-access', { as: 'analyst', body: { ...entry, resource: 'weights/frontier-v3' } })
        assertProblem(await t.call('POST', '/v1/tech-access', { as: 'viewer', body: entry }), 403, 'FORBIDDEN')
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', '/v1/tech-access', { as: 'analyst', body: { ...entry, nationality: 'China' } }), 400, 'VALIDATION_FAILED')), ['nationality'])
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', '/v1/tech-access', { as: 'analyst', body: { ...entry, accessedAt: 'last Tuesday, around lunch' } }), 400, 'VALIDATION_FAILED')), ['accessedAt'])
        const p1 = (await t.call('GET', '/v1/tech-access?resource=cluster-h100-east&limit=1', { as: 'viewer' })).json()
        assert.equal(p1.items[0].subject, 'researcher-17')
        const p2 = (await t.call('GET', `/v1/tech-access?resource=cluster-h100-east&limit=1&cursor=${p1.nextCursor}`, { as: 'viewer' })).json()
        assert.equal(p2.items[0].subject, 'researcher-18')
        assert.equal(p2.nextCursor, null)
        assert.equal((await t.call('GET', '/v1/tech-access?subject=researcher-17', { as: 'viewer' })).json().items.length, 2)
      })
    })

    describe('screening runs', () => {
      test('GET /v1/screenings lists the runs without their hits, by page and by party', async () => {
        const party = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } })).json()
        const a = (await t.call('POST', '/v1/screenings', { as: 'analyst', body: { partyId: party.id } })).json()
        const b = (await t.call('POST', '/v1/screenings', { as: 'analyst', body: { name: 'Example Cloud LLC', country: 'AE' } })).json()
        const c = (await t.call('POST', '/v1/screenings', { as: 'analyst', body: { partyId: party.id } })).json()
        const byParty = (await t.call('GET', `/v1/screenings?partyId=${party.id}`, { as: 'viewer' })).json()
        assert.deepEqual(byParty.items.map((r: { id: string }) => r.id), [a.id, c.id])
        assert.equal('hits' in byParty.items[0], false)
        assert.equal(byParty.items[0].hitCount, a.hits.length)
        const p1 = (await t.call('GET', '/v1/screenings?limit=2', { as: 'viewer' })).json()
        const p2 = (await t.call('GET', `/v1/screenings?limit=2&cursor=${p1.nextCursor}`, { as: 'viewer' })).json()
        assert.deepEqual([...p1.items, ...p2.items].map((r: { id: string }) => r.id), [a.id, b.id, c.id])
        assertProblem(await t.call('GET', '/v1/screenings?limit=0', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
      })
    })

    test('the new writes are audited and the chain verifies; the OpenAPI document has the new endpoints', async () => {
      const events = (await t.call('GET', '/v1/audit?limit=500', { as: 'viewer' })).json()
      const actions = new Set(events.items.map((e: { action: string }) => e.action))
      for (const a of ['transaction.approved', 'transaction.rejected', 'document.deleted', 'allocation.recorded', 'tech-access.recorded', 'screening.recorded']) assert.ok(actions.has(a), a)
      const v = await t.call('GET', '/v1/audit/verify', { as: 'viewer' })
      assert.equal(v.json().ok, true, v.body)
      const doc = (await t.call('GET', '/openapi.json', { as: 'viewer' })).json()
      assert.ok(doc.paths['/v1/transactions/{id}/approval'].post)
      assert.ok(doc.paths['/v1/documents/{id}'].delete)
      assert.ok(doc.paths['/v1/allocations'].post && doc.paths['/v1/allocations'].get)
      assert.ok(doc.paths['/v1/allocations/ledger'].get)
      assert.ok(doc.paths['/v1/tech-access'].post && doc.paths['/v1/tech-access'].get)
      assert.ok(doc.paths['/v1/screenings'].get)
      for (const id of ['TransactionApproval', 'ApprovalRequest', 'StoredTransaction', 'TransactionSummary', 'DocumentDeleted', 'Allocation', 'AllocationLedger', 'TechAccess', 'ScreeningRunSummary']) assert.ok(doc.components.schemas[id], id)
    })
  })
}
