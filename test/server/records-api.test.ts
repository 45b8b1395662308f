/**
 * The record endpoints beyond the walkthrough: approving a transaction that needs a licence, the hold it
 * puts on shipments, `approvalStatus` on new determinations, deleting a document (retention) and its
 * legal hold, the allocation ledger, the technology access log and the list of screening runs.
 * Roles, refusals as problem+json with their stable codes and fields, pagination, and the audit chain
 * valid after the new writes. SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { holdByRescreen } from '../helpers/hold-by-rescreen.js'
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

    test('POST /v1/determinations answers the stored answer, with its id, record time and approval status first, as UTF-8 JSON byte for byte', async () => {
      const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body: example('h100-to-uae.json') })
      assert.equal(r.statusCode, 201, r.body)
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8')
      assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body))
      assert.match(r.body, /[^\x00-\x7f]/, 'the answer holds text outside ASCII (so its bytes are not its characters)')
      const posted = r.json() as { id: string; listWarnings?: unknown }
      assert.deepEqual(Object.keys(posted).slice(0, 3), ['id', 'recordedAt', 'approvalStatus'])
      const got = await t.call('GET', `/v1/determinations/${posted.id}`, { as: 'viewer' })
      // the same text as the stored answer read back (and the list warnings, which are not stored), to the byte
      assert.equal(r.body, JSON.stringify({ ...got.json(), ...(posted.listWarnings ? { listWarnings: posted.listWarnings } : {}) }))
    })

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
        // while the purchaser's match is unreviewed the PROHIBITED answer is not final: neither decision is taken
        for (const decision of ['approved', 'rejected']) {
          assertProblem(await t.call('POST', `/v1/transactions/${prohibited.id}/approval`, { as: 'approver', body: { decision, reason: 'x' } }), 409, 'HIT_REVIEW_PENDING')
        }
        // confirmed and re-checked, it is prohibited for good
        const [partyId] = (await t.call('GET', `/v1/transactions/${prohibited.id}`)).json().partyIds
        const run = (await t.call('GET', `/v1/screenings?partyId=${partyId}`, { as: 'viewer' })).json().items[0]
        for (const h of (await t.call('GET', `/v1/screenings/${run.id}`, { as: 'viewer' })).json().hits) {
          assert.equal((await t.call('POST', `/v1/screenings/${run.id}/hits/${h.id}/review`, { as: 'approver', body: { decision: 'confirmed', reason: 'the listed company' } })).statusCode, 200)
        }
        const rechecked = (await t.call('POST', `/v1/transactions/${prohibited.id}/recheck`, { as: 'analyst' })).json()
        assert.equal(rechecked.verdict, 'PROHIBITED')
        for (const decision of ['approved', 'rejected']) {
          assertProblem(await t.call('POST', `/v1/transactions/${rechecked.id}/approval`, { as: 'approver', body: { decision, reason: 'x' } }), 409, 'TRANSACTION_PROHIBITED')
        }
        assert.equal((await t.call('GET', `/v1/transactions/${rechecked.id}`)).json().approvalStatus, 'prohibited')
      })
    })

    describe('approvalStatus on a new determination or transaction', () => {
      test('pending, not-required or prohibited by the verdict; a stored determination shows the decision once taken', async () => {
        const post = async (url: string, body: unknown) => {
          const r = await t.call('POST', url, { as: 'analyst', body })
          assert.equal(r.statusCode, 201, r.body)
          return r.json() as { id: string; verdict: string; approvalStatus: string }
        }
        const required = await post('/v1/determinations', example('h100-to-uae.json'))
        assert.deepEqual([required.verdict, required.approvalStatus], ['LICENSE_REQUIRED', 'pending'])
        const nlr = await post('/v1/determinations', { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'DE' })
        assert.deepEqual([nlr.verdict, nlr.approvalStatus], ['NLR', 'not-required'])
        const prohibited = await post('/v1/transactions', { transaction: { date: '2024-06-01', item: { chip: 'nvidia-l4' }, quantity: 1, to: 'AE', parties: [{ role: 'purchaser', name: 'Zephyrine Quillfeather Export Trading', country: 'AE' }] } })
        assert.deepEqual([prohibited.verdict, prohibited.approvalStatus], ['PROHIBITED', 'prohibited'])
        const exception = await post('/v1/transactions', { transaction: { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'DE', parties: [{ role: 'end-user', name: 'Frankfurt Compute GmbH', country: 'DE' }] }, regime: 'as-published' })
        assert.deepEqual([exception.verdict, exception.approvalStatus], ['LICENSE_EXCEPTION', 'pending'])
        assert.equal((await t.call('GET', `/v1/transactions/${exception.id}`)).json().approvalStatus, exception.approvalStatus, 'the same status as the record')
        assert.equal((await t.call('GET', `/v1/determinations/${required.id}`)).json().approvalStatus, 'pending')
        await t.call('POST', `/v1/transactions/${required.id}/approval`, { as: 'approver', body: { decision: 'rejected', reason: 'no licence will be applied for' } })
        assert.equal((await t.call('GET', `/v1/determinations/${required.id}`)).json().approvalStatus, 'rejected')
      })
    })

    describe('shipments held by the licence decision', () => {
      let licenseA = ''
      let licenseB = ''
      before(async () => {
        for (const number of ['D-HOLD-A', 'D-HOLD-B']) {
          const l = await t.call('POST', '/v1/licenses', { as: 'approver', body: { number, eccns: ['3A090.a'], destinations: ['AE'], authorizedQuantity: 50, validFrom: '2024-01-01', validTo: '2028-12-31' } })
          assert.equal(l.statusCode, 201, l.body)
          if (number.endsWith('A')) licenseA = l.json().id
          else licenseB = l.json().id
        }
      })
      const ship = (licenseId: string, transactionId: string) => t.call('POST', `/v1/licenses/${licenseId}/shipments`, { as: 'analyst', body: { quantity: 1, shippedOn: '2024-06-03', destination: 'AE', transactionId } })

      test('a transaction that needs a licence ships only once approved, and only against the licence the approval names → 409 otherwise', async () => {
        const tx = await determine(example('h100-to-uae.json'))
        const pending = assertProblem(await ship(licenseA, tx.id), 409, 'APPROVAL_PENDING')
        assert.deepEqual([pending.transactionId, pending.verdict, pending.approvalStatus], [tx.id, 'LICENSE_REQUIRED', 'pending'])
        assert.match(pending.detail, /awaits an approver's decision/)
        assert.equal((await t.call('GET', `/v1/licenses/${licenseA}`)).json().usedQuantity, 0, 'nothing was depleted')
        const approved = await t.call('POST', `/v1/transactions/${tx.id}/approval`, { as: 'approver', body: { decision: 'approved', licenseId: licenseA, reason: 'D-HOLD-A covers it' } })
        assert.equal(approved.statusCode, 201, approved.body)
        const other = assertProblem(await ship(licenseB, tx.id), 409, 'APPROVED_UNDER_OTHER_LICENSE')
        assert.deepEqual([other.approvedLicenseId, other.approvedLicenseNumber, other.licenseId], [licenseA, 'D-HOLD-A', licenseB])
        const ok = await ship(licenseA, tx.id)
        assert.equal(ok.statusCode, 201, ok.body)
        assert.equal(ok.json().shipment.transactionId, tx.id)
      })

      test('a rejected or prohibited transaction never ships; an unknown one is 404', async () => {
        const tx = await determine({ date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 2, to: 'AE' })
        await t.call('POST', `/v1/transactions/${tx.id}/approval`, { as: 'approver', body: { decision: 'rejected', reason: 'the end user would not sign' } })
        assertProblem(await ship(licenseA, tx.id), 409, 'TRANSACTION_REJECTED')
        const prohibited = await determine({ date: '2024-06-01', item: { chip: 'nvidia-l4' }, quantity: 1, to: 'AE', parties: [{ role: 'purchaser', name: 'Zephyrine Quillfeather Export Trading', country: 'AE' }] })
        assertProblem(await ship(licenseA, prohibited.id), 409, 'SHIPMENT_PROHIBITED')
        assertProblem(await ship(licenseA, 'txn_nope'), 404, 'NOT_FOUND')
      })
    })

    describe('legal hold on a document', () => {
      let id = ''
      before(async () => {
        const r = await t.app.inject({ method: 'POST', url: '/v1/documents?kind=correspondence&eventOn=2019-01-01', headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'text/plain' }, payload: 'letter from BIS, 2019' })
        assert.equal(r.statusCode, 201, r.body)
        id = r.json().id
      })
      const hold = (method: 'POST' | 'DELETE', as: 'viewer' | 'analyst' | 'approver' | 'admin', body: unknown = { reason: 'BIS subpoena 2026-17' }, docId = id) => t.call(method, `/v1/documents/${docId}/legal-hold`, { as, body })

      test('only an approver or an admin places or lifts it; the reason is required', async () => {
        for (const as of ['viewer', 'analyst'] as const) {
          const p = assertProblem(await hold('POST', as), 403, 'FORBIDDEN')
          assert.match(p.detail, /legal hold \(approver or admin\)/)
          assertProblem(await hold('DELETE', as), 403, 'FORBIDDEN')
        }
        assert.deepEqual(errorPaths(assertProblem(await hold('POST', 'approver', {}), 400, 'VALIDATION_FAILED')), ['reason'])
        assert.deepEqual(errorPaths(assertProblem(await hold('POST', 'approver', { reason: ' ' }), 400, 'VALIDATION_FAILED')), ['reason'])
        assertProblem(await hold('POST', 'approver', { reason: 'x', until: '2030-01-01' }), 400, 'VALIDATION_FAILED')
        assertProblem(await hold('POST', 'approver', undefined, 'doc_nope'), 404, 'NOT_FOUND')
        assertProblem(await hold('DELETE', 'approver'), 409, 'CONFLICT')
        assert.equal((await t.call('GET', `/v1/documents/${id}`)).json().isOnLegalHold, false)
      })

      test('on hold, the document cannot be deleted though its retention ran out; lifted, it can; both audited with their reasons', async () => {
        const placed = await hold('POST', 'approver')
        assert.equal(placed.statusCode, 200, placed.body)
        assert.equal(placed.json().isOnLegalHold, true)
        assert.equal((await t.call('GET', `/v1/documents/${id}`, { as: 'viewer' })).json().isOnLegalHold, true)
        assertProblem(await hold('POST', 'admin'), 409, 'CONFLICT')
        const kept = assertProblem(await t.call('DELETE', `/v1/documents/${id}`, { as: 'approver' }), 409, 'RETENTION_ACTIVE')
        assert.deepEqual([kept.isOnLegalHold, kept.retainUntil], [true, '2024-01-01'])
        const lifted = await hold('DELETE', 'admin', { reason: 'subpoena withdrawn' })
        assert.equal(lifted.statusCode, 200, lifted.body)
        assert.equal(lifted.json().isOnLegalHold, false)
        const events = (await t.call('GET', `/v1/audit?entityType=document&entityId=${id}`, { as: 'viewer' })).json()
        assert.deepEqual(
          events.items.map((e: { action: string; data: unknown }) => [e.action, e.data]),
          [
            ['document.added', { sha256: placed.json().sha256 }],
            ['document.legal-hold-placed', { reason: 'BIS subpoena 2026-17' }],
            ['document.legal-hold-lifted', { reason: 'subpoena withdrawn' }],
          ],
        )
        assert.ok(events.items.slice(1).every((e: { actor: string }) => /^key:/.test(e.actor)))
        const deleted = await t.call('DELETE', `/v1/documents/${id}`, { as: 'approver' })
        assert.equal(deleted.statusCode, 200, deleted.body)
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
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'India', year: 2025, tpp: -1 } }), 400, 'INVALID_COUNTRY')).sort(), ['country', 'tpp'])
        // both ledgers are for Tier 2 destinations of the AI Diffusion Rule only: not Tier 1, not Tier 3, not before the rule
        for (const [kind, country, year, why] of [['tier2-country', 'DE', 2025, /DE is in Tier 1/], ['lpp-consignee', 'CN', 2025, /CN is in Tier 3/], ['tier2-country', 'MO', 2026, /MO is in Tier 3/], ['tier2-country', 'IN', 2024, /2024 is before the rule/], ['lpp-consignee', 'US', 2025, /US is in Tier 1/]] as const) {
          const p = assertProblem(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind, country, year, tpp: 1, consignee: 'Some Consignee Ltd' } }), 400, 'VALIDATION_FAILED')
          assert.deepEqual(errorPaths(p), ['country'])
          assert.match(p.detail, why)
        }
        const cap = assertProblem(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'IN', year: 2026, tpp: 600, cap: 2000 } }), 409, 'ALLOCATION_EXCEEDED')
        assert.equal(cap.used, 1500)
        assert.deepEqual(cap.period, { from: 2025, to: 2027 })
        // the cap counts the whole period whatever year is recorded: 2027 sees 2025 and 2026
        assertProblem(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'IN', year: 2027, tpp: 600, cap: 2000 } }), 409, 'ALLOCATION_EXCEEDED')
        // the period comes from data/, never from the caller
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'IN', year: 2027, tpp: 1, period: { from: 2027, to: 2027 } } }), 400, 'VALIDATION_FAILED')), ['$'])
      })

      test('the ledger sums them in the shape of a transaction’s ledger; the list pages and filters', async () => {
        const l = await t.call('GET', '/v1/allocations/ledger?country=in&consignee=Bharat%20Compute%20Pvt%20Ltd&year=2025', { as: 'viewer' })
        assert.equal(l.statusCode, 200, l.body)
        // one Tier 2 allocation for 2025-2027 (15 CFR 742.6(b)(10)(iii)(B)): the 2026 allocation counts for 2025 too
        assert.deepEqual(l.json(), { year: 2025, country: 'IN', consignee: 'Bharat Compute Pvt Ltd', tier2Period: { from: 2025, to: 2027 }, ledger: { tier2CountryTpp: { IN: 1500 }, consigneeYearTpp: 300 } })
        assert.deepEqual((await t.call('GET', '/v1/allocations/ledger?year=2026', { as: 'viewer' })).json().ledger, { tier2CountryTpp: { IN: 1500 }, consigneeYearTpp: 0 })
        // outside the period the text sets no allocation: a year counts on its own
        const later = (await t.call('GET', '/v1/allocations/ledger?year=2028', { as: 'viewer' })).json()
        assert.deepEqual([later.tier2Period, later.ledger.tier2CountryTpp], [{ from: 2028, to: 2028 }, {}])
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

      test('a determination as published reads the same period sum as the ledger and the cap', async () => {
        const r = await t.call('POST', '/v1/determinations?regime=as-published', { as: 'analyst', body: { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 10, to: 'IN' } })
        assert.equal(r.statusCode, 201, r.body)
        assert.equal(r.json().allocations.tier2Country.usedBefore, 1500)
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
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', '/v1/tech-access', { as: 'analyst', body: { ...entry, nationality: 'China' } }), 400, 'INVALID_COUNTRY')), ['nationality'])
        assert.deepEqual(errorPaths(assertProblem(await t.call('POST', '/v1/tech-access', { as: 'analyst', body: { ...entry, accessedAt: 'last Tuesday, around lunch' } }), 400, 'VALIDATION_FAILED')), ['accessedAt'])
        const p1 = (await t.call('GET', '/v1/tech-access?resource=cluster-h100-east&limit=1', { as: 'viewer' })).json()
        assert.equal(p1.items[0].subject, 'researcher-17')
        const p2 = (await t.call('GET', `/v1/tech-access?resource=cluster-h100-east&limit=1&cursor=${p1.nextCursor}`, { as: 'viewer' })).json()
        assert.equal(p2.items[0].subject, 'researcher-18')
        assert.equal(p2.nextCursor, null)
        assert.equal((await t.call('GET', '/v1/tech-access?subject=researcher-17', { as: 'viewer' })).json().items.length, 2)
      })
    })

    test('a transaction says how many holds are active on it, in the list and on its own; a release brings it to 0', async () => {
      const party = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Zephyr Silicon Trading Company', country: 'HK' } })).json()
      const tx = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 10, to: 'HK', parties: [{ role: 'ultimate-consignee', name: party.name, country: 'HK' }] }
      const held = (await t.call('POST', '/v1/transactions', { as: 'analyst', body: { transaction: tx, partyIds: [party.id] } })).json()
      const other = (await t.call('POST', '/v1/transactions', { as: 'analyst', body: { transaction: tx } })).json()
      const outcome = await holdByRescreen(t.store, party, 'rsr_records_api')
      assert.deepEqual(outcome.heldTransactionIds, [held.id])
      const activeHolds = async (id: string) => {
        const one = (await t.call('GET', `/v1/transactions/${id}`, { as: 'viewer' })).json().activeHolds
        const listed = (await t.call('GET', '/v1/transactions?limit=500', { as: 'viewer' })).json().items.find((x: { id: string }) => x.id === id).activeHolds
        assert.equal(one, listed, 'the list and the transaction agree')
        return one as number
      }
      assert.equal(await activeHolds(held.id), 1)
      assert.equal(await activeHolds(other.id), 0)
      const released = await t.call('POST', `/v1/transactions/${held.id}/holds/release`, { as: 'approver', body: { reason: 'hit reviewed: not the listed Zephyr' } })
      assert.equal(released.statusCode, 200, released.body)
      assert.equal(await activeHolds(held.id), 0)
      // who released the hold is named for a person (the approver's key); the re-screen that placed it is a system actor
      const [hold] = released.json().holds
      assert.match(hold.releasedBy, /^key:/)
      assert.equal(typeof hold.releasedByLabel, 'string', released.body)
      assert.match(hold.placedBy, /^system:/)
      assert.equal(hold.placedByLabel, null)
      assert.deepEqual((await t.call('GET', `/v1/transactions/${held.id}/holds`, { as: 'viewer' })).json().holds, released.json().holds)
    })

    test('an approved transaction put on hold is listed by onHold=true (the dashboard card), with its approval; a release takes it off', async () => {
      const party = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Quillon Datacenter Services', country: 'AE' } })).json()
      const tx = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 4, to: 'AE', parties: [{ role: 'ultimate-consignee', name: party.name, country: 'AE' }] }
      const rec = await t.call('POST', '/v1/transactions', { as: 'analyst', body: { transaction: tx, partyIds: [party.id] } })
      assert.equal(rec.statusCode, 201, rec.body)
      const lic = await t.call('POST', '/v1/licenses', { as: 'approver', body: { number: `D-HOLD-${rec.json().id}`, items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['AE'], authorizedQuantity: 10, validFrom: '2025-01-01', validTo: '2028-12-31' } })
      assert.equal(lic.statusCode, 201, lic.body)
      const approval = await t.call('POST', `/v1/transactions/${rec.json().id}/approval`, { as: 'approver', body: { decision: 'approved', licenseId: lic.json().id, reason: 'licence covers it' } })
      assert.equal(approval.statusCode, 201, approval.body)
      const onHold = async () => (await t.call('GET', '/v1/transactions?onHold=true&limit=500', { as: 'viewer' })).json().items as { id: string; approvalStatus: string; activeHolds: number }[]
      assert.equal((await onHold()).some((x) => x.id === rec.json().id), false)
      const outcome = await holdByRescreen(t.store, party, `rsr_onhold_${party.id}`)
      assert.deepEqual(outcome.heldTransactionIds, [rec.json().id])
      const listed = (await onHold()).find((x) => x.id === rec.json().id)
      assert.deepEqual(listed && { approvalStatus: listed.approvalStatus, activeHolds: listed.activeHolds }, { approvalStatus: 'approved', activeHolds: 1 })
      assert.ok((await onHold()).every((x) => x.activeHolds > 0), 'only transactions with an active hold')
      // the pending queue does not show it (it is approved): without onHold no card would
      assert.equal(((await t.call('GET', '/v1/transactions?approvalStatus=pending&limit=500', { as: 'viewer' })).json().items as { id: string }[]).some((x) => x.id === rec.json().id), false)
      assert.equal((await t.call('POST', `/v1/transactions/${rec.json().id}/holds/release`, { as: 'approver', body: { reason: 'hit reviewed' } })).statusCode, 200)
      assert.equal((await onHold()).some((x) => x.id === rec.json().id), false)
    })

    describe('screening runs', () => {
      test('a party is screened when it is recorded: the run is stored, and the party says when it was last screened and how many hits are open', async () => {
        const r = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } })
        assert.equal(r.statusCode, 201, r.body)
        const party = r.json()
        assert.ok(party.screening, 'the answer carries the screening of the new party')
        assert.ok(party.screening.hitCount > 0, r.body)
        const runs = (await t.call('GET', `/v1/screenings?partyId=${party.id}`, { as: 'viewer' })).json()
        assert.deepEqual(runs.items.map((x: { id: string }) => x.id), [party.screening.runId])
        const open = (await t.call('GET', `/v1/screenings/hits?partyId=${party.id}`, { as: 'viewer' })).json().items.length
        assert.equal(open, party.screening.hitCount)
        const listed = (await t.call('GET', '/v1/parties?limit=500', { as: 'viewer' })).json().items.find((x: { id: string }) => x.id === party.id)
        assert.deepEqual(listed.screening, { lastScreenedAt: runs.items[0].recordedAt, openHits: open })
        assert.deepEqual((await t.call('GET', `/v1/parties/${party.id}`, { as: 'viewer' })).json().screening, listed.screening)
        // a name on no list: screened, no hit
        const clean = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Quietwater Robotics Pty Ltd', country: 'AU' } })).json()
        assert.equal(clean.screening.hitCount, 0)
        assert.equal((await t.call('GET', `/v1/parties/${clean.id}`, { as: 'viewer' })).json().screening.openHits, 0)
      })

      test('GET /v1/screenings lists the runs without their hits, by page and by party', async () => {
        const party = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } })).json()
        const first = await t.call('GET', '/v1/screenings?limit=500', { as: 'viewer' })
        const before = first.json().items.map((r: { id: string }) => r.id) as string[]
        const a = (await t.call('POST', '/v1/screenings', { as: 'analyst', body: { partyId: party.id } })).json()
        const b = (await t.call('POST', '/v1/screenings', { as: 'analyst', body: { name: 'Example Cloud LLC', country: 'AE' } })).json()
        const c = (await t.call('POST', '/v1/screenings', { as: 'analyst', body: { partyId: party.id } })).json()
        const byParty = (await t.call('GET', `/v1/screenings?partyId=${party.id}`, { as: 'viewer' })).json()
        assert.deepEqual(byParty.items.map((r: { id: string }) => r.id), [party.screening.runId, a.id, c.id])
        assert.equal('hits' in byParty.items[0], false)
        assert.equal(byParty.items[1].hitCount, a.hits.length)
        const p1 = (await t.call('GET', '/v1/screenings?limit=2', { as: 'viewer' })).json()
        const all = [...p1.items]
        for (let cursor = p1.nextCursor; cursor; ) {
          const p = (await t.call('GET', `/v1/screenings?limit=2&cursor=${cursor}`, { as: 'viewer' })).json()
          all.push(...p.items)
          cursor = p.nextCursor
        }
        assert.deepEqual(all.map((r: { id: string }) => r.id), [...before, a.id, b.id, c.id])
        assertProblem(await t.call('GET', '/v1/screenings?limit=0', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
      })

      test("a transaction recorded with a stored party uses the party's reviewed hits: cleared matches decide nothing", async () => {
        const name = 'Huawei Technologies Co., Ltd.'
        const party = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name, country: 'SG' } })).json()
        const run = (await t.call('POST', '/v1/screenings', { as: 'analyst', body: { partyId: party.id } })).json()
        assert.ok(run.hits.length > 0)
        const body = (partyIds: string[]) => ({ transaction: { date: '2025-03-01', item: { chip: 'nvidia-h20' }, quantity: 1, to: 'SG', parties: [{ role: 'end-user', name, country: 'SG' }] }, partyIds })
        const listed = (d: { reasons: { ruleId: string; party?: unknown }[] }) => d.reasons.filter((r) => r.ruleId.startsWith('lists.') && r.party).length
        const before = (await t.call('POST', '/v1/transactions', { as: 'analyst', body: body([party.id]) })).json()
        assert.ok(listed(before) > 0, JSON.stringify(before.reasons))
        for (const h of run.hits) {
          const rv = await t.call('POST', `/v1/screenings/${run.id}/hits/${h.id}/review`, { as: 'approver', body: { decision: 'cleared', reason: 'a Singapore reseller with its own registration, not Huawei' } })
          assert.equal(rv.statusCode, 200, rv.body)
        }
        const after = (await t.call('POST', '/v1/transactions', { as: 'analyst', body: body([party.id]) })).json()
        assert.equal(listed(after), 0, JSON.stringify(after.reasons))
        assert.ok(after.flags.some((f: { id: string; text: string }) => f.id.startsWith('hit-cleared-end-user-') && f.text.includes(`stored party ${party.id}`)))
        // the same transaction not tied to the stored party is not cleared
        const untied = (await t.call('POST', '/v1/transactions', { as: 'analyst', body: body([]) })).json()
        assert.equal(listed(untied), listed(before))
        // replay with today's lists and reviews agrees with the stored answer
        const replay = (await t.call('GET', `/v1/transactions/${after.id}/replay`, { as: 'viewer' })).json()
        assert.equal(replay.verdict, after.verdict)
      })
    })

    test('the new writes are audited and the chain verifies; the OpenAPI document has the new endpoints', async () => {
      const events = (await t.call('GET', '/v1/audit?limit=500', { as: 'viewer' })).json()
      const actions = new Set(events.items.map((e: { action: string }) => e.action))
      for (const a of ['transaction.approved', 'transaction.rejected', 'document.deleted', 'document.legal-hold-placed', 'document.legal-hold-lifted', 'allocation.recorded', 'tech-access.recorded', 'screening.recorded', 'shipment.recorded']) assert.ok(actions.has(a), a)
      const v = await t.call('GET', '/v1/audit/verify', { as: 'viewer' })
      assert.equal(v.json().ok, true, v.body)
      const doc = (await t.call('GET', '/openapi.json', { as: 'viewer' })).json()
      assert.ok(doc.paths['/v1/transactions/{id}/approval'].post)
      assert.ok(doc.paths['/v1/documents/{id}'].delete)
      assert.ok(doc.paths['/v1/documents/{id}/legal-hold'].post && doc.paths['/v1/documents/{id}/legal-hold'].delete)
      assert.ok(doc.paths['/v1/allocations'].post && doc.paths['/v1/allocations'].get)
      assert.ok(doc.paths['/v1/allocations/ledger'].get)
      assert.ok(doc.paths['/v1/tech-access'].post && doc.paths['/v1/tech-access'].get)
      assert.ok(doc.paths['/v1/screenings'].get)
      for (const id of ['TransactionApproval', 'ApprovalRequest', 'StoredTransaction', 'TransactionSummary', 'DocumentDeleted', 'Allocation', 'AllocationLedger', 'TechAccess', 'ScreeningRunSummary', 'LegalHoldRequest']) assert.ok(doc.components.schemas[id], id)
    })
  })
}
