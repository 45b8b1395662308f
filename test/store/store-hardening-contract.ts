/**
 * What a hostile or careless caller can do to the store (issue 11), on each database: text the driver
 * would change, dates far away, links to nothing, shipments beside their transaction, clearances by
 * name, float money and overflowing numbers, approving one's own transaction.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isAppError, type ErrorCode } from '../../src/shared/errors.js'
import { sha256Hex } from '../../src/shared/hash.js'
import type { RecordsStore } from '../../src/records/records-store.js'
import { withStore, type OpenStoreForTest } from './store-contract.js'

const rejectsWith = (p: Promise<unknown>, code: ErrorCode, path?: string) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(isAppError(e), `an AppError, not ${String(e)}`)
    assert.equal(e.code, code, e.message)
    if (path !== undefined) assert.ok(JSON.stringify(e.details).includes(path), `names ${path}: ${JSON.stringify(e.details)}`)
    return true
  })
const A = 'analyst-1'
const APPROVER = 'approver-1'
const hex = (s: string) => sha256Hex(s)

/** A stored determination as the store sees it: LICENSE_REQUIRED for `quantity` units to `to`. */
const recordTx = (s: RecordsStore, to = 'AE', quantity = 8, actor = A) =>
  s.recordDetermination({ transaction: { date: '2025-03-01', quantity, to }, result: { date: '2025-03-01', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', to, quantity, item: { eccn: '3A090.a' }, listSnapshots: [], rulesVersion: 'test' } as never, actor })

type Open = OpenStoreForTest

export function runStoreHardeningContract(name: string, open: Open, options: { skip?: false | string } = {}): void {
  describe(`store hardening: ${name}`, { skip: options.skip ?? false }, () => {
    test('text the driver would change is refused (400, naming the field) before anything is hashed: lone surrogates, NUL; audit verify stays OK', () =>
      withStore(open, async (s) => {
        await rejectsWith(s.createParty({ name: 'x\ud800y', country: 'DE', actor: A }), 'VALIDATION_FAILED', 'name')
        await rejectsWith(s.createParty({ name: 'x\udc00', country: 'DE', actor: A }), 'VALIDATION_FAILED', 'name')
        await rejectsWith(s.createParty({ name: 'Evil\u0000Corp', country: 'DE', actor: A }), 'VALIDATION_FAILED', 'name')
        await rejectsWith(s.createParty({ name: 'ok', country: 'DE', identifiers: [{ scheme: 'lei', value: 'a\u0000' }], actor: A }), 'VALIDATION_FAILED', 'identifiers.0.value')
        await rejectsWith(s.createLicense({ number: 'D\u00001', destinations: ['AE'], validFrom: '2025-01-01', validTo: '2025-12-31', actor: A }), 'VALIDATION_FAILED', 'number')
        await rejectsWith(s.createApiKey({ role: 'viewer', label: 'k\u0000', actor: A }), 'VALIDATION_FAILED', 'label')
        await rejectsWith(s.addDocument({ kind: 'other', bytes: new Uint8Array([0, 1, 0]), filename: 'a\u0000.pdf', eventOn: '2025-01-01', actor: A }), 'VALIDATION_FAILED', 'filename')
        await rejectsWith(s.createParty({ name: 'ok', country: 'DE', actor: 'mallory\ud800' }), 'VALIDATION_FAILED', 'actor')
        // a stored determination's transaction and answer are checked as the JSON text they are stored as: every
        // string and key, at any depth, named by its path; text that only looks like an escape is kept as given
        const result = (extra: object) => ({ date: '2025-03-01', regime: 'as-enforced', verdict: 'NLR', to: 'AE', quantity: 1, item: { eccn: '3A090.a' }, listSnapshots: [], rulesVersion: 'test', ...extra }) as never
        const transaction = { date: '2025-03-01', quantity: 1, to: 'AE' }
        await rejectsWith(s.recordDetermination({ transaction, result: result({ reasons: [{ text: 'a\u0000b' }] }), actor: A }), 'VALIDATION_FAILED', 'result.reasons.0.text')
        await rejectsWith(s.recordDetermination({ transaction, result: result({ flags: [{ ['k\udc00']: 1 }] }), actor: A }), 'VALIDATION_FAILED', 'result.flags.0.k')
        await rejectsWith(s.recordDetermination({ transaction: { ...transaction, parties: [{ name: 'x\ud83d' }] }, result: result({}), actor: A }), 'VALIDATION_FAILED', 'transaction.parties.0.name')
        await rejectsWith(s.recordDetermination({ transaction, result: result({}), reference: 'r\u0000', actor: A }), 'VALIDATION_FAILED', 'reference')
        await rejectsWith(s.recordDetermination({ transaction, result: result({}), actor: 'mallory\ud800' }), 'VALIDATION_FAILED', 'actor')
        const literal = 'a backslash and u0000 as text: \\u0000, \\ud800; a pair: 🖖'
        const kept = await s.recordDetermination({ transaction: { ...transaction, note: literal }, result: result({ note: literal }), actor: A })
        assert.equal((JSON.parse(kept.resultJson) as { note: string }).note, literal)
        assert.equal(((await s.getTransaction(kept.id)).transaction as { note: string }).note, literal)
        // reads too: a viewer's id with NUL is a 400, never a database error
        await rejectsWith(s.getDocument('\u0000'), 'VALIDATION_FAILED')
        await rejectsWith(s.getParty('pty_\u0000'), 'VALIDATION_FAILED')
        await rejectsWith(s.listAuditEvents({ entityId: '\u0000' }), 'VALIDATION_FAILED')
        // bytes are not text: a document may hold NUL bytes; well-formed astral characters and RTL marks are text
        const doc = await s.addDocument({ kind: 'other', bytes: new Uint8Array([0, 0xd8, 0]), filename: 'scan.bin', eventOn: '2025-01-01', actor: A })
        assert.deepEqual([...(await s.getDocument(doc.id)).bytes], [0, 0xd8, 0])
        const p = await s.createParty({ name: '\u202eKlingon 🖖 Ltd\u200b', country: 'DE', actor: A })
        assert.equal((await s.getParty(p.id)).name, '\u202eKlingon 🖖 Ltd\u200b')
      }))

    test('dates are bounded (1900-2100) at the store; retention compares dates as dates, so a far-future event never fails open', () =>
      withStore(open, async (s) => {
        await rejectsWith(s.addDocument({ kind: 'invoice', bytes: new Uint8Array([1]), eventOn: '9999-12-31', actor: A }), 'VALIDATION_FAILED', 'eventOn')
        await rejectsWith(s.addDocument({ kind: 'invoice', bytes: new Uint8Array([1]), eventOn: '1899-12-31', actor: A }), 'VALIDATION_FAILED', 'eventOn')
        await rejectsWith(s.createLicense({ number: 'L-far', destinations: ['AE'], validFrom: '2025-01-01', validTo: '2101-01-01', actor: A }), 'VALIDATION_FAILED', 'validTo')
        await rejectsWith(s.recordTechAccess({ subject: 'u', nationality: 'CN', location: 'US', resource: 'r', accessedAt: '9999-05-01T09:00:00Z', actor: A }), 'VALIDATION_FAILED', 'accessedAt')
        await rejectsWith(s.listDocumentAlerts({ asOf: '9999-12-31' }), 'INVALID_DATE')
        await rejectsWith(s.listDocumentAlerts({ asOf: '2025-01-01', withinDays: 1e9 }), 'VALIDATION_FAILED', 'withinDays')
        const doc = await s.addDocument({ kind: 'invoice', bytes: new Uint8Array([2]), eventOn: '2100-12-31', actor: A })
        await rejectsWith(s.deleteDocument({ id: doc.id, asOf: '9999-12-31', actor: A }), 'INVALID_DATE')
        // the latest bound: five years after 2100-12-31 is 2105-12-31, compared as a date
        await assert.rejects(s.deleteDocument({ id: doc.id, asOf: '2100-12-31', actor: A }), (e: unknown) => isAppError(e) && e.code === 'RETENTION_ACTIVE' && e.details.retainUntil === '2105-12-31')
      }))

    test('retention on a row written before dates were bounded (event 9999-12-31): kept, never deleted at once', async () => {
      const o = await open()
      try {
        const doc = await o.store.addDocument({ kind: 'invoice', bytes: new Uint8Array([3]), eventOn: '2020-01-01', actor: A })
        await o.exec('update documents set event_on = ? where id = ?', ['9999-12-31', doc.id])
        await assert.rejects(o.store.deleteDocument({ id: doc.id, asOf: '2100-01-01', actor: A }), (e: unknown) => isAppError(e) && e.code === 'RETENTION_ACTIVE' && e.details.retainUntil === '+010004-12-31')
      } finally {
        await o.cleanup()
      }
    })

    test('a document links only to records that exist (NOT_FOUND names which)', () =>
      withStore(open, async (s) => {
        const bytes = new Uint8Array([4])
        await rejectsWith(s.addDocument({ kind: 'invoice', bytes, eventOn: '2025-01-01', partyId: 'pty_nope', actor: A }), 'NOT_FOUND', 'pty_nope')
        await rejectsWith(s.addDocument({ kind: 'invoice', bytes, eventOn: '2025-01-01', transactionId: 'txn_nope', actor: A }), 'NOT_FOUND', 'txn_nope')
        await rejectsWith(s.addDocument({ kind: 'invoice', bytes, eventOn: '2025-01-01', licenseId: 'lic_nope', actor: A }), 'NOT_FOUND', 'lic_nope')
        assert.equal((await s.listDocuments()).items.length, 0, 'nothing half-written')
        const p = await s.createParty({ name: 'Buyer', country: 'AE', actor: A })
        const tx = await recordTx(s)
        const d = await s.addDocument({ kind: 'invoice', bytes, eventOn: '2025-01-01', partyId: p.id, transactionId: tx.id, actor: A })
        assert.equal(d.transactionId, tx.id)
      }))

    test('shipments: linked to an approved transaction covering destination and quantity, or an approver override with a reason (kept and audited)', () =>
      withStore(open, async (s, o) => {
        const lic = await s.createLicense({ number: 'D-COVER', eccns: ['3A090.a'], destinations: ['AE', 'CN'], authorizedQuantity: 1000, validFrom: '2025-01-01', validTo: '2026-12-31', actor: APPROVER })
        const base = { licenseId: lic.id, shippedOn: '2025-03-02', actor: A }
        await rejectsWith(s.recordShipment({ ...base, quantity: 900, destination: 'CN' }), 'SHIPMENT_UNLINKED')
        const tx = await recordTx(s, 'AE', 8)
        await rejectsWith(s.recordShipment({ ...base, quantity: 1, destination: 'AE', transactionId: tx.id }), 'APPROVAL_PENDING')
        await s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'D-COVER covers 8 to AE', actor: APPROVER })
        // the case: 900 units and a CN shipment on an approval for 8 to AE
        await rejectsWith(s.recordShipment({ ...base, quantity: 900, destination: 'AE', transactionId: tx.id }), 'SHIPMENT_NOT_COVERED')
        await rejectsWith(s.recordShipment({ ...base, quantity: 1, destination: 'CN', transactionId: tx.id }), 'SHIPMENT_NOT_COVERED')
        await s.recordShipment({ ...base, quantity: 5, destination: 'AE', transactionId: tx.id })
        await s.recordShipment({ ...base, quantity: 3, destination: 'AE', transactionId: tx.id })
        await rejectsWith(s.recordShipment({ ...base, quantity: 1, destination: 'AE', transactionId: tx.id }), 'SHIPMENT_NOT_COVERED', '8 already shipped')
        assert.equal((await s.getLicense(lic.id)).usedQuantity, 8, 'refused shipments deplete nothing')

        // an override: the reason and who are kept on the shipment and in the audit trail
        const { shipment } = await s.recordShipment({ ...base, quantity: 2, destination: 'AE', transactionId: tx.id, override: { reason: 'two replacement units for failed boards, BIS letter 2025-017' }, actor: APPROVER })
        assert.deepEqual(shipment.override, { reason: 'two replacement units for failed boards, BIS letter 2025-017', by: APPROVER })
        assert.deepEqual((await s.listShipments({ licenseId: lic.id })).items.at(-1)?.override, shipment.override)
        const ev = (await s.listAuditEvents({ entityType: 'shipment', entityId: shipment.id })).items[0]!
        assert.deepEqual((ev.data as { override?: unknown }).override, shipment.override)
        assert.equal(ev.actor, APPROVER)
        // an override by an API key is an approver's: the store checks the key's role itself
        const analystKey = await s.createApiKey({ role: 'analyst', actor: 'admin' })
        const approverKey = await s.createApiKey({ role: 'approver', actor: 'admin' })
        await rejectsWith(s.recordShipment({ ...base, quantity: 1, destination: 'CN', override: { reason: 'urgent' }, actor: `key:${analystKey.apiKey.id}` }), 'FORBIDDEN')
        await s.recordShipment({ ...base, quantity: 1, destination: 'CN', override: { reason: 'sample unit, licence condition 4' }, actor: `key:${approverKey.apiKey.id}` })
        await rejectsWith(s.recordShipment({ ...base, quantity: 1, destination: 'AE', transactionId: tx.id, override: { reason: '  ' }, actor: APPROVER }), 'VALIDATION_FAILED', 'override')
        void o
      }))

    test('a clearance is scoped to the party and the entry content, never global by name', () =>
      withStore(open, async (s) => {
        const huawei = { list: 'el', entryId: 'el-huawei', entryHash: hex('huawei-v1'), score: 0.97, primaryName: 'Huawei Technologies Co., Ltd.', matchedName: 'Huawei Technologies' }
        const screen = (partyId: string | undefined) => s.recordScreening({ ...(partyId ? { partyId } : {}), query: { name: 'Huawei Technologies' }, threshold: 0.8, snapshots: [], hits: [huawei], actor: A })
        const mine = await s.createParty({ name: 'Huawei Technologies', country: 'DE', actor: A })
        const other = await s.createParty({ name: 'Huawei Technologies', country: 'GB', actor: A })
        const first = await screen(mine.id)
        await s.reviewHit({ hitId: first.hits[0]!.id, decision: 'cleared', reason: 'a German namesake: other registry number', actor: APPROVER })
        assert.equal((await screen(mine.id)).hits[0]!.status, 'cleared', 'the same party, the same entry content: cleared')
        assert.equal((await screen(other.id)).hits[0]!.status, 'open', 'another party of the same name: open')
        assert.equal((await screen(undefined)).hits[0]!.status, 'open', 'a name-only screening: open')
        // a name-only clearance clears nobody else either, not even the same name screened again
        const byName = await screen(undefined)
        await s.reviewHit({ hitId: byName.hits[0]!.id, decision: 'cleared', reason: 'checked by hand', actor: APPROVER })
        assert.equal((await screen(undefined)).hits[0]!.status, 'open')
        assert.equal((await screen(other.id)).hits[0]!.status, 'open')
      }))

    test('money is exact (whole cents, 0.1 + 0.2 = 0.3) and every number is bounded: no Infinity, no float depletion', () =>
      withStore(open, async (s) => {
        const lic = await s.createLicense({ number: 'D-MONEY', destinations: ['AE'], authorizedValue: 0.3, authorizedTpp: 1e15, validFrom: '2025-01-01', validTo: '2025-12-31', actor: APPROVER })
        const ship = (value: number, tpp = 0) => s.recordShipment({ licenseId: lic.id, quantity: 1, value, tpp, shippedOn: '2025-03-01', destination: 'AE', override: { reason: 'test' }, actor: APPROVER })
        await ship(0.1)
        const { license } = await ship(0.2)
        assert.equal(license.usedValue, 0.3, 'not 0.30000000000000004')
        assert.equal((await s.getLicense(lic.id)).usedValue, 0.3)
        await rejectsWith(ship(0.01), 'LICENSE_OVERDRAWN')
        await rejectsWith(ship(0.001), 'VALIDATION_FAILED', 'value')
        await rejectsWith(ship(1e308), 'VALIDATION_FAILED', 'value')
        await rejectsWith(ship(0, 1e308), 'VALIDATION_FAILED', 'tpp')
        await rejectsWith(ship(Number.POSITIVE_INFINITY), 'VALIDATION_FAILED', 'value')
        await rejectsWith(ship(Number.NaN), 'VALIDATION_FAILED', 'value')
        await rejectsWith(s.createLicense({ number: 'D-HUGE', destinations: ['AE'], authorizedQuantity: 1e300, validFrom: '2025-01-01', validTo: '2025-12-31', actor: APPROVER }), 'VALIDATION_FAILED', 'authorizedQuantity')
        // the TPP ledgers: 1e308 twice was Infinity (null on SQLite, a 500 on PostgreSQL)
        await rejectsWith(s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1e308, actor: A }), 'VALIDATION_FAILED', 'tpp')
        for (let i = 0; i < 3; i++) await s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1e15, actor: A })
        const ledger = await s.allocationLedger({ year: 2025 })
        assert.equal(ledger.tier2CountryTpp.IN, 3e15)
        assert.ok(Number.isFinite(ledger.tier2CountryTpp.IN))
      }))

    test('a licence names ECCNs: anything else is refused naming the field (a mistyped ECCN covers nothing, found only at approval); the case is normalised', () =>
      withStore(open, async (s) => {
        const base = { destinations: ['AE'], validFrom: '2025-01-01', validTo: '2025-12-31', actor: APPROVER }
        await rejectsWith(s.createLicense({ ...base, number: 'D-BANANA', eccns: ['banana'] }), 'VALIDATION_FAILED', 'eccns.0')
        await rejectsWith(s.createLicense({ ...base, number: 'D-SHORT', eccns: ['3A090.a', '3A09'] }), 'VALIDATION_FAILED', 'eccns.1')
        await rejectsWith(s.createLicense({ ...base, number: 'D-ZERO', eccns: ['3Z090'] }), 'VALIDATION_FAILED', 'eccns.0')
        const ok = await s.createLicense({ ...base, number: 'D-ECCNS', eccns: ['3A090', '3a090.A', ' 4A090.a.1 ', '5A992.z', 'ear99'] })
        assert.deepEqual(ok.eccns, ['3A090', '3A090.a', '4A090.a.1', '5A992.z', 'EAR99'])
      }))

    test('four-eyes (on by default): the approver of a transaction is not who recorded it', () =>
      withStore(open, async (s) => {
        const tx = await recordTx(s, 'AE', 8, 'alice')
        const lic = await s.createLicense({ number: 'D-4EYES', eccns: ['3A090.a'], destinations: ['AE'], validFrom: '2025-01-01', validTo: '2025-12-31', actor: APPROVER })
        await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'looks fine', actor: 'alice' }), 'FOUR_EYES_REQUIRED')
        await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'rejected', reason: 'changed my mind', actor: 'alice' }), 'FOUR_EYES_REQUIRED')
        assert.equal((await s.getTransaction(tx.id)).approvalStatus, 'pending')
        const ok = await s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'checked', actor: 'bob' })
        assert.equal(ok.decidedBy, 'bob')
      }))

    test('four-eyes can be turned off (fourEyes: false): then one user may record and approve', () =>
      withStore(
        open,
        async (s) => {
          const tx = await recordTx(s, 'AE', 8, 'alice')
          const lic = await s.createLicense({ number: 'D-SOLE', eccns: ['3A090.a'], destinations: ['AE'], validFrom: '2025-01-01', validTo: '2025-12-31', actor: 'alice' })
          assert.equal((await s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'sole officer', actor: 'alice' })).decidedBy, 'alice')
        },
        { fourEyes: false },
      ))
  })
}
