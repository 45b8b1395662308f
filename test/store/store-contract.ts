/**
 * The store contract: every behaviour of RecordsStore, run against each database (store.test.ts).
 * No mocks: a real SQLite file and, in CI, a real PostgreSQL schema.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isAppError, type ErrorCode } from '../../src/shared/errors.js'
import { sha256Hex } from '../../src/shared/hash.js'
import { hashApiKey, type RecordsStore } from '../../src/records/records-store.js'
import { compareDeterminations } from '../../src/records/replay-determination.js'
import { determine } from '../../src/determination/determine.js'
import { loadRules, type Rules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import type { OpenedStore, OpenOptions } from './dialects-under-test.js'

export type OpenStoreForTest = (options?: OpenOptions) => Promise<OpenedStore>

const rejectsWith = (p: Promise<unknown>, code: ErrorCode) => assert.rejects(p, (e: unknown) => isAppError(e) && e.code === code)

let rules: Rules | undefined
const getRules = () => (rules ??= loadRules())

const hex = (s: string) => sha256Hex(s)

type Tx = Parameters<typeof determine>[0]
/** Determine with the real rules (and the fixture list entries) and store the answer. */
async function recordTx(s: RecordsStore, tx: Tx, regime: 'as-enforced' | 'as-published' = 'as-enforced') {
  const result = determine(tx, { rules: getRules(), regime, screener: buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] }) })
  return s.recordDetermination({ transaction: tx, result, actor: A })
}
/** LICENSE_REQUIRED: 8 H100 to the UAE on 2024-06-01 (3A090.a to D:4) */
const H100_TO_AE: Tx = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE' }
const A = 'tester'
/** who decides on transactions: not who recorded them (the four-eyes rule) */
const APPROVER = 'approver-tester'

/** Opens a store, runs `fn`, checks the audit trail still verifies, and cleans up. */
export async function withStore(open: OpenStoreForTest, fn: (s: RecordsStore, o: OpenedStore) => Promise<void>, options?: OpenOptions): Promise<void> {
  const o = await open(options)
  try {
    await fn(o.store, o)
    const v = await o.store.verifyAudit()
    assert.equal(v.ok, true, `the audit chain verifies after the test: ${v.problem}`)
  } finally {
    await o.cleanup()
  }
}

export function runStoreContract(name: string, open: OpenStoreForTest, options: { skip?: false | string } = {}): void {
  describe(`store contract: ${name}`, { skip: options.skip ?? false }, () => {
    test('parties: create, get, list by pages; NOT_FOUND; bad input is VALIDATION_FAILED', () =>
      withStore(open, async (s) => {
        const a = await s.createParty({
          name: 'Kuala Compute Sdn Bhd',
          country: 'MY',
          headquarters: 'SG',
          ultimateParent: { name: 'Lion Holdings Pte Ltd', headquarters: 'SG' },
          ownership: [{ ownerName: 'Lion Holdings Pte Ltd', ownerCountry: 'SG', share: 0.6 }],
          identifiers: [{ scheme: 'lei', value: '5493001KJTIIGC8Y1R12' }],
          actor: A,
        })
        assert.equal(a.isBlocked, false)
        assert.deepEqual(await s.getParty(a.id), a)
        for (let i = 0; i < 4; i++) await s.createParty({ name: `Party ${i}`, country: 'DE', actor: A })
        const p1 = await s.listParties({ limit: 2 })
        assert.equal(p1.items.length, 2)
        assert.ok(p1.nextCursor)
        const p2 = await s.listParties({ limit: 2, cursor: p1.nextCursor })
        const p3 = await s.listParties({ limit: 2, cursor: p2.nextCursor })
        assert.equal(p3.items.length, 1)
        assert.equal(p3.nextCursor, null)
        const ids = [...p1.items, ...p2.items, ...p3.items].map((p) => p.id)
        assert.equal(new Set(ids).size, 5)
        await rejectsWith(s.getParty('pty_nope'), 'NOT_FOUND')
        await rejectsWith(s.createParty({ name: '', country: 'DE', actor: A } as never), 'VALIDATION_FAILED')
        // a country that is not ISO 3166-1 alpha-2 is INVALID_COUNTRY (issue 9), also when another field is wrong too
        await rejectsWith(s.createParty({ name: 'x', country: 'XX1', actor: A } as never), 'INVALID_COUNTRY')
        await rejectsWith(s.createParty({ name: 'x', country: 'UK', actor: A }), 'INVALID_COUNTRY')
        await rejectsWith(s.createParty({ name: '', country: 'XX1', actor: A } as never), 'INVALID_COUNTRY')
        await rejectsWith(s.createParty({ name: 'x', country: 'DE', actor: '' }), 'VALIDATION_FAILED')
      }))

    test('hit review: open → cleared (with reason) or confirmed (blocks the party); a reviewed hit cannot be reviewed again', () =>
      withStore(open, async (s) => {
        const party = await s.createParty({ name: 'Shenzhen Example Technology Co', country: 'CN', actor: A })
        const run = await s.recordScreening({
          partyId: party.id,
          query: { name: party.name, country: 'CN' },
          threshold: 0.8,
          snapshots: [{ source: 'csl', sha256: hex('snap1') }],
          hits: [
            { list: 'el', entryId: 'e1', entryHash: hex('e1v1'), score: 0.91, primaryName: 'Shenzhen Example Tech', matchedName: 'Shenzhen Example Tech', detail: { programs: ['EAR'] } },
            { list: 'sdn', entryId: 's9', entryHash: hex('s9v1'), score: 0.82, primaryName: 'Example Trading', matchedName: 'Example Trading' },
          ],
          actor: A,
        })
        assert.equal(run.hits.length, 2)
        assert.ok(run.hits.every((h) => h.status === 'open'))
        assert.deepEqual(await s.getScreeningRun(run.id), run)
        assert.equal((await s.listHits({ status: 'open', partyId: party.id })).items.length, 2)

        const [h1, h2] = run.hits as [(typeof run.hits)[0], (typeof run.hits)[0]]
        await rejectsWith(s.reviewHit({ hitId: h1.id, decision: 'cleared', reason: '  ', actor: A }), 'VALIDATION_FAILED')
        const cleared = await s.reviewHit({ hitId: h1.id, decision: 'cleared', reason: 'different company: other address and registry number', actor: 'analyst-1' })
        assert.equal(cleared.status, 'cleared')
        assert.equal(cleared.reviewedBy, 'analyst-1')
        await rejectsWith(s.reviewHit({ hitId: h1.id, decision: 'confirmed', reason: 'x', actor: A }), 'CONFLICT')
        await rejectsWith(s.reviewHit({ hitId: 'hit_nope', decision: 'confirmed', reason: 'x', actor: A }), 'NOT_FOUND')

        assert.equal((await s.getParty(party.id)).isBlocked, false)
        const confirmed = await s.reviewHit({ hitId: h2.id, decision: 'confirmed', reason: 'same entity, same address', actor: 'approver-1' })
        assert.equal(confirmed.status, 'confirmed')
        assert.equal((await s.getParty(party.id)).isBlocked, true, 'a confirmed hit blocks the party')
        assert.equal((await s.listHits({ status: 'open' })).items.length, 0)
      }))

    test("review queue: a stored party's match screened again is shown once, and one review decides every open copy of it", () =>
      withStore(open, async (s) => {
        const party = await s.createParty({ name: 'Shenzhen Example Technology Co', country: 'CN', actor: A })
        const other = await s.createParty({ name: 'Another Example Co', country: 'CN', actor: A })
        const screen = (partyId: string, entryHash = hex('e1v1')) =>
          s.recordScreening({ partyId, query: { name: 'x', country: 'CN' }, threshold: 0.8, snapshots: [{ source: 'csl', sha256: hex('snap1') }], hits: [{ list: 'el', entryId: 'e1', entryHash, score: 0.91, primaryName: 'Shenzhen Example Tech', matchedName: 'Shenzhen Example Tech' }], actor: A })
        const first = await screen(party.id)
        const again = await screen(party.id)
        const changed = await screen(party.id, hex('e1v2'))
        const theirs = await screen(other.id)
        const queue = (await s.listHits({ status: 'open' })).items.map((h) => h.id)
        assert.deepEqual(queue, [first.hits[0]!.id, changed.hits[0]!.id, theirs.hits[0]!.id], 'the second copy of the same match waits behind the first')
        await s.reviewHit({ hitId: first.hits[0]!.id, decision: 'cleared', reason: 'different company: other registry number', actor: APPROVER })
        const copy = (await s.getScreeningRun(again.id)).hits[0]!
        assert.equal(copy.status, 'cleared')
        assert.match(copy.reason ?? '', new RegExp(`decided with hit ${first.hits[0]!.id}`))
        // another entry content and another party's match are other questions
        assert.deepEqual((await s.listHits({ status: 'open' })).items.map((h) => h.id), [changed.hits[0]!.id, theirs.hits[0]!.id])
      }))

    test('good guy: a cleared hit stays cleared while the entry content hash is the same, and re-opens when it changes', () =>
      withStore(open, async (s) => {
        const party = await s.createParty({ name: 'Acme Compute Ltd', country: 'GB', actor: A })
        const screen = (entryHash: string) =>
          s.recordScreening({
            partyId: party.id,
            query: { name: party.name },
            threshold: 0.8,
            snapshots: [],
            hits: [{ list: 'el', entryId: 'e42', entryHash, score: 0.88, primaryName: 'ACME Computing', matchedName: 'ACME Computing' }],
            actor: A,
          })
        const first = await screen(hex('v1'))
        await s.reviewHit({ hitId: first.hits[0]!.id, decision: 'cleared', reason: 'different company', actor: A })

        const again = await screen(hex('v1'))
        assert.equal(again.hits[0]!.status, 'cleared', 'same entry content: no new alert')
        assert.equal(again.hits[0]!.statusSource, 'good-guy')

        const changed = await screen(hex('v2'))
        assert.equal(changed.hits[0]!.status, 'open', 'the entry changed in a new snapshot: the alert re-opens')
        assert.equal(changed.hits[0]!.statusSource, 'entry-changed')
        const after = await screen(hex('v2'))
        assert.equal(after.hits[0]!.status, 'open', 'the stale good-guy entry is gone')
      }))

    test('good guy: a new list snapshot re-opens cleared hits whose entry changed (reopenChangedHits)', () =>
      withStore(open, async (s) => {
        const run = await s.recordScreening({
          query: { name: 'Example GmbH', country: 'DE' },
          threshold: 0.8,
          snapshots: [],
          hits: [
            { list: 'el', entryId: 'a', entryHash: hex('a1'), score: 0.9, primaryName: 'A', matchedName: 'A' },
            { list: 'el', entryId: 'b', entryHash: hex('b1'), score: 0.9, primaryName: 'B', matchedName: 'B' },
          ],
          actor: A,
        })
        for (const h of run.hits) await s.reviewHit({ hitId: h.id, decision: 'cleared', reason: 'not them', actor: A })
        const reopened = await s.reopenChangedHits({
          entries: [
            { list: 'el', entryId: 'a', entryHash: hex('a1') }, // unchanged
            { list: 'el', entryId: 'b', entryHash: hex('b2') }, // changed
          ],
          actor: 'lists-update',
        })
        assert.deepEqual(reopened.map((h) => h.entryId), ['b'])
        assert.equal(reopened[0]!.status, 'open')
        assert.equal(reopened[0]!.entryHash, hex('b2'))
        const open = await s.listHits({ status: 'open' })
        assert.deepEqual(open.items.map((h) => h.entryId), ['b'])
        // a clearance is never global by name: screening the same name again (no stored party) is a new alert
        const again = await s.recordScreening({ query: { name: 'example  gmbh', country: 'de' }, threshold: 0.8, snapshots: [], hits: [{ list: 'el', entryId: 'a', entryHash: hex('a1'), score: 0.9, primaryName: 'A', matchedName: 'A' }], actor: A })
        assert.equal(again.hits[0]!.status, 'open')
      }))

    test('determinations are stored whole and replay to the same answer', () =>
      withStore(open, async (s) => {
        const tx = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'CN' }
        const result = determine(tx, { rules: getRules() })
        const party = await s.createParty({ name: 'Buyer', country: 'CN', actor: A })
        const summary = await s.recordDetermination({ transaction: tx, result, reference: 'PO-1', partyIds: [party.id], actor: A })
        assert.equal(summary.verdict, result.verdict)
        assert.equal(summary.rulesVersion, result.rulesVersion)
        assert.equal(summary.asOf, '2024-06-01')
        const stored = await s.getTransaction(summary.id)
        assert.deepEqual(stored.result, JSON.parse(JSON.stringify(result)), 'the explanation, reasons, flags and hashes are kept whole')
        assert.deepEqual(stored.transaction, tx)
        const replay = determine(stored.transaction, { rules: getRules() })
        const cmp = compareDeterminations(stored.result, replay)
        assert.equal(cmp.isSame, true, JSON.stringify(cmp.differences))
        assert.equal(cmp.isSameData, true)
        // a different answer is named field by field
        const other = compareDeterminations(stored.result, { ...replay, verdict: 'NLR' })
        assert.deepEqual(other.differences.map((d) => d.field), ['verdict'])
        const list = await s.listTransactions({ limit: 10 })
        assert.deepEqual(list.items.map((t) => t.id), [summary.id])
        await rejectsWith(s.getTransaction('txn_nope'), 'NOT_FOUND')
      }))

    test('licences: shipments deplete; overdraw, out-of-validity and wrong destination are refused and change nothing', () =>
      withStore(open, async (s) => {
        const lic = await s.createLicense({
          number: 'D1234567',
          items: ['nvidia-h20'],
          eccns: ['3A090.a'],
          destinations: ['CN'],
          parties: ['Buyer Co'],
          authorizedQuantity: 10,
          authorizedValue: 1_000_000,
          authorizedTpp: 50_000,
          validFrom: '2025-01-01',
          validTo: '2026-12-31',
          conditions: ['no re-export'],
          actor: A,
        })
        await rejectsWith(s.createLicense({ number: 'D1234567', destinations: ['CN'], validFrom: '2025-01-01', validTo: '2025-02-01', actor: A }), 'CONFLICT')
        const ship = (over: Partial<Parameters<RecordsStore['recordShipment']>[0]> = {}) =>
          s.recordShipment({ licenseId: lic.id, override: { reason: 'licence depletion test: no transaction recorded' }, quantity: 4, value: 100_000, tpp: 4000, shippedOn: '2025-03-01', destination: 'CN', actor: A, ...over })
        const r1 = await ship()
        assert.equal(r1.license.usedQuantity, 4)
        await ship()
        await rejectsWith(ship({ quantity: 3 }), 'LICENSE_OVERDRAWN')
        await rejectsWith(ship({ quantity: 1, value: 900_000 }), 'LICENSE_OVERDRAWN')
        await rejectsWith(ship({ quantity: 1, tpp: 43_000 }), 'LICENSE_OVERDRAWN')
        await rejectsWith(ship({ quantity: 1, shippedOn: '2024-12-31' }), 'LICENSE_NOT_VALID')
        await rejectsWith(ship({ quantity: 1, shippedOn: '2027-01-01' }), 'LICENSE_NOT_VALID')
        await rejectsWith(ship({ quantity: 1, destination: 'HK' }), 'LICENSE_NOT_VALID')
        await rejectsWith(ship({ licenseId: 'lic_nope' }), 'NOT_FOUND')
        const last = await ship({ quantity: 2, shippedOn: '2026-12-31' })
        assert.equal(last.license.usedQuantity, 10)
        const now = await s.getLicense(lic.id)
        assert.deepEqual([now.usedQuantity, now.usedValue, now.usedTpp], [10, 300_000, 12_000])
        const shipments = await s.listShipments({ licenseId: lic.id })
        assert.equal(shipments.items.length, 3)
        assert.equal((await s.listLicenses()).items.length, 1)
      }))

    test('a shipment against a value-limited licence must carry its value (VALIDATION_FAILED naming value); without a value limit it counts 0', () =>
      withStore(open, async (s) => {
        const lic = await s.createLicense({ number: 'D9990002', items: ['nvidia-h100-sxm'], destinations: ['AE'], authorizedValue: 100_000, validFrom: '2025-01-01', validTo: '2026-12-31', actor: A })
        const base = { licenseId: lic.id, override: { reason: 'value test: no transaction recorded' }, quantity: 4, shippedOn: '2025-03-01', destination: 'AE', actor: A }
        await assert.rejects(s.recordShipment(base), (e: unknown) => isAppError(e) && e.code === 'VALIDATION_FAILED' && JSON.stringify(e.details.issues).includes('"path":"value"') && /limits value/.test(e.message))
        assert.deepEqual([(await s.getLicense(lic.id)).usedValue, (await s.listShipments({ licenseId: lic.id })).items.length], [0, 0], 'nothing recorded')
        const r = await s.recordShipment({ ...base, value: 40_000 })
        assert.deepEqual([r.shipment.value, r.license.usedValue], [40_000, 40_000])
        const open2 = await s.createLicense({ number: 'D9990003', items: ['nvidia-h100-sxm'], destinations: ['AE'], authorizedQuantity: 100, validFrom: '2025-01-01', validTo: '2026-12-31', actor: A })
        const r2 = await s.recordShipment({ ...base, licenseId: open2.id })
        assert.deepEqual([r2.shipment.value, r2.license.usedValue], [0, 0])
      }))

    test('allocation ledger: Tier 2 sums every year of the allocation period, the same years the cap checks; LPP per consignee and calendar year', () =>
      withStore(open, async (s) => {
        // 15 CFR 742.6(b)(10)(iii)(B): one allocation per Tier 2 country "for the period from 2025 to 2027"
        const P = { from: 2025, to: 2027 }
        await s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1000, period: P, actor: A })
        await s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2026, tpp: 500.5, period: P, actor: A })
        await s.recordAllocation({ kind: 'tier2-country', country: 'BR', year: 2027, tpp: 200, period: P, actor: A })
        // outside the period (no period given): the year counts on its own
        await s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2024, tpp: 7, actor: A })
        await s.recordAllocation({ kind: 'lpp-consignee', country: 'IN', consignee: 'pty_x', year: 2025, tpp: 300, actor: A })
        await s.recordAllocation({ kind: 'lpp-consignee', country: 'IN', consignee: 'pty_x', year: 2026, tpp: 70, actor: A })
        await s.recordAllocation({ kind: 'lpp-consignee', country: 'IN', consignee: 'pty_y', year: 2025, tpp: 9, actor: A })
        // whichever year of the period is asked, every year of it counts (a later year's allocation too); LPP is that year's
        assert.deepEqual(await s.allocationLedger({ country: 'IN', consignee: 'pty_x', year: 2025, period: P }), { tier2CountryTpp: { IN: 1500.5 }, consigneeYearTpp: 300 })
        assert.deepEqual(await s.allocationLedger({ consignee: 'pty_x', year: 2026, period: P }), { tier2CountryTpp: { IN: 1500.5, BR: 200 }, consigneeYearTpp: 70 })
        assert.deepEqual(await s.allocationLedger({ year: 2027, period: P }), { tier2CountryTpp: { IN: 1500.5, BR: 200 }, consigneeYearTpp: 0 })
        assert.deepEqual(await s.allocationLedger({ country: 'IN', year: 2024 }), { tier2CountryTpp: { IN: 7 }, consigneeYearTpp: 0 })
        assert.deepEqual(await s.allocationLedger({ country: 'FR', year: 2026, period: P }), { tier2CountryTpp: {}, consigneeYearTpp: 0 })

        // the cap sums the same years as the ledger: 1,500.5 of IN's period is used, whatever year the new one is for
        await assert.rejects(s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2027, tpp: 500, cap: 2000, period: P, actor: A }), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'ALLOCATION_EXCEEDED')
          assert.deepEqual([e.details.used, e.details.cap, e.details.period], [1500.5, 2000, P])
          return true
        })
        await s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2027, tpp: 499.5, cap: 2000, period: P, actor: A })
        await rejectsWith(s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1, cap: 2000, period: P, actor: A }), 'ALLOCATION_EXCEEDED')
        assert.deepEqual((await s.allocationLedger({ country: 'IN', year: 2025, period: P })).tier2CountryTpp, { IN: 2000 })
        // the 2024 allocation is outside the period: it counts neither in the period's cap nor the other way round
        await s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2024, tpp: 1993, cap: 2000, actor: A })
        await rejectsWith(s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2024, tpp: 1, cap: 2000, actor: A }), 'ALLOCATION_EXCEEDED')
        // LPP: per consignee and calendar year
        await rejectsWith(s.recordAllocation({ kind: 'lpp-consignee', country: 'IN', consignee: 'pty_x', year: 2025, tpp: 51, cap: 350, actor: A }), 'ALLOCATION_EXCEEDED')
        await s.recordAllocation({ kind: 'lpp-consignee', country: 'IN', consignee: 'pty_x', year: 2026, tpp: 280, cap: 350, actor: A })

        await rejectsWith(s.recordAllocation({ kind: 'lpp-consignee', country: 'IN', year: 2025, tpp: 1, actor: A }), 'VALIDATION_FAILED')
        await rejectsWith(s.recordAllocation({ kind: 'lpp-consignee', country: 'IN', consignee: 'pty_x', year: 2025, tpp: 1, period: P, actor: A }), 'VALIDATION_FAILED')
        await rejectsWith(s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2028, tpp: 1, period: P, actor: A }), 'VALIDATION_FAILED')
        await rejectsWith(s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1, period: { from: 2027, to: 2025 }, actor: A }), 'VALIDATION_FAILED')
        await rejectsWith(s.allocationLedger({ year: 2028, period: P }), 'VALIDATION_FAILED')
      }))

    test('documents: content-addressed by sha256, bytes round-trip, identical bytes stored once', () =>
      withStore(open, async (s, o) => {
        const bytes = new TextEncoder().encode('PURCHASE ORDER 77\n8 x H20\n')
        const d1 = await s.addDocument({ kind: 'purchase-order', bytes, filename: 'po-77.txt', mediaType: 'text/plain', eventOn: '2025-03-01', actor: A })
        const d2 = await s.addDocument({ kind: 'invoice', bytes, eventOn: '2025-03-02', actor: A })
        assert.equal(d1.sha256, sha256Hex(bytes))
        assert.equal(d2.sha256, d1.sha256)
        const got = await s.getDocument(d1.id)
        assert.deepEqual(Buffer.from(got.bytes), Buffer.from(bytes))
        assert.deepEqual(got.document, d1)
        const blobs = await o.exec('select count(*) as n from blobs')
        assert.equal(Number(blobs[0]!.n), 1)
        const dv = await s.addDocument({ kind: 'destination-verification', bytes: new Uint8Array([1, 2, 3]), eventOn: '2025-04-01', verification: { site: 'Johor DC-2', country: 'MY', method: 'site visit', verifiedOn: '2025-04-01' }, actor: A })
        assert.equal(dv.verification?.site, 'Johor DC-2')
        assert.equal((await s.listDocuments({ kind: 'invoice' })).items.length, 1)
      }))

    test('retention (15 CFR 762.6): deleting before five years after the latest event is refused; after, allowed; legal hold never', async () => {
      let now = '2026-01-01T00:00:00.000Z'
      await withStore(
        open,
        async (s, o) => {
          const lic = await s.createLicense({ number: 'R1', destinations: ['AE'], authorizedQuantity: 5, validFrom: '2025-01-01', validTo: '2027-12-31', actor: A })
          const doc = await s.addDocument({ kind: 'license', bytes: new Uint8Array([9, 9]), licenseId: lic.id, eventOn: '2025-02-01', actor: A })
          const held = await s.addDocument({ kind: 'correspondence', bytes: new Uint8Array([7]), eventOn: '2010-01-01', isOnLegalHold: true, actor: A })
          await s.recordShipment({ licenseId: lic.id, override: { reason: 'licence depletion test: no transaction recorded' }, quantity: 1, shippedOn: '2025-09-30', destination: 'AE', actor: A })
          // the latest event is the shipment (2025-09-30), not the document's own date
          now = '2030-09-29T12:00:00.000Z'
          await rejectsWith(s.deleteDocument({ id: doc.id, asOf: '2030-09-29', actor: A }), 'RETENTION_ACTIVE')
          // a caller cannot skip ahead of the store's clock
          await rejectsWith(s.deleteDocument({ id: doc.id, asOf: '2040-01-01', actor: A }), 'RETENTION_ACTIVE')
          now = '2030-09-30T00:00:00.000Z'
          const r = await s.deleteDocument({ id: doc.id, asOf: '2030-09-30', actor: A })
          assert.equal(r.retainUntil, '2030-09-30')
          await rejectsWith(s.getDocument(doc.id), 'NOT_FOUND')
          assert.equal((await o.exec('select count(*) as n from blobs where sha256 = ?', [doc.sha256]))[0]!.n == 0, true, 'the unreferenced content is removed too')
          await rejectsWith(s.deleteDocument({ id: held.id, asOf: '2030-09-30', actor: A }), 'RETENTION_ACTIVE')
        },
        { now: () => now },
      )
    })

    test('end-user certificates: an alert before expiry, and once expired', () =>
      withStore(open, async (s) => {
        const euc = (expiresOn: string) => s.addDocument({ kind: 'end-user-certificate', bytes: new TextEncoder().encode(expiresOn), eventOn: '2025-01-01', expiresOn, actor: A })
        const soon = await euc('2025-07-10')
        const gone = await euc('2025-06-01')
        await euc('2026-01-01')
        const alerts = await s.listDocumentAlerts({ asOf: '2025-06-15', withinDays: 30 })
        assert.deepEqual(
          alerts.map((a) => [a.documentId, a.kind, a.daysLeft]),
          [
            [gone.id, 'euc-expired', -14],
            [soon.id, 'euc-expiring', 25],
          ],
        )
      }))

    test('technology access log: who accessed which controlled technology or cluster, nationality, location, time', () =>
      withStore(open, async (s) => {
        await s.recordTechAccess({ subject: 'user-17', nationality: 'CN', location: 'US', resource: 'cluster-a100-east', eccn: '4E001', accessedAt: '2025-05-01T09:00:00Z', actor: A })
        await s.recordTechAccess({ subject: 'user-18', nationality: 'IN', location: 'IN', resource: 'weights/frontier-v3', accessedAt: '2025-05-01T10:00:00Z', actor: A })
        const cluster = await s.listTechAccess({ resource: 'cluster-a100-east' })
        assert.equal(cluster.items.length, 1)
        assert.equal(cluster.items[0]!.nationality, 'CN')
        await rejectsWith(s.recordTechAccess({ subject: 'x', nationality: 'China', location: 'US', resource: 'r', accessedAt: '2025-05-01T10:00:00Z', actor: A }), 'INVALID_COUNTRY')
        // the ECCN is an ECCN (one that is not was stored unchecked: never evaluated, never flagged), kept as the CCL writes it
        await assert.rejects(s.recordTechAccess({ subject: 'x', nationality: 'CN', location: 'CN', resource: 'r', eccn: 'banana', accessedAt: '2025-05-01T10:00:00Z', actor: A }), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'VALIDATION_FAILED', String(e))
          assert.deepEqual(e.details.issues?.map((i) => i.path), ['eccn'])
          return true
        })
        const lower = await s.recordTechAccess({ subject: 'user-19', nationality: 'CN', location: 'US', resource: 'h100-design-repo', eccn: '3e001', accessedAt: '2025-05-01T11:00:00Z', actor: A })
        assert.equal(lower.eccn, '3E001')
      }))

    test('API keys: the key is returned once and only its hash is stored; find by hash, list, revoke', () =>
      withStore(open, async (s, o) => {
        const { key, apiKey } = await s.createApiKey({ role: 'analyst', label: 'ci', actor: 'admin' })
        assert.match(key, /^cnk_[A-Za-z0-9_-]{43}$/)
        assert.equal(apiKey.keyHash, hashApiKey(key))
        const found = await s.findApiKeyByHash(hashApiKey(key))
        assert.equal(found?.id, apiKey.id)
        assert.equal(found?.role, 'analyst')
        assert.equal(await s.findApiKeyByHash(hashApiKey('cnk_wrong')), null)
        const dump = JSON.stringify(await o.exec('select * from api_keys'))
        assert.ok(!dump.includes(key.slice(4)), 'the plaintext key is not in the database')
        await rejectsWith(s.createApiKey({ role: 'root' as never, actor: 'admin' }), 'VALIDATION_FAILED')
        const revoked = await s.revokeApiKey({ id: apiKey.id, actor: 'admin' })
        assert.ok(revoked.revokedAt)
        assert.ok((await s.findApiKeyByHash(hashApiKey(key)))?.revokedAt)
        await rejectsWith(s.revokeApiKey({ id: apiKey.id, actor: 'admin' }), 'CONFLICT')
        assert.equal((await s.listApiKeys()).items.length, 1)
      }))

    test('approval: a LICENSE_REQUIRED transaction is approved once, tied to a licence that covers it; the decision is shown with the transaction and audited', () =>
      withStore(open, async (s) => {
        const tx = await recordTx(s, H100_TO_AE)
        assert.equal(tx.verdict, 'LICENSE_REQUIRED')
        const before = await s.getTransaction(tx.id)
        assert.equal(before.approvalStatus, 'pending')
        assert.equal(before.approval, null)
        const lic = await s.createLicense({ number: 'D100', items: ['nvidia-h100-sxm'], eccns: ['3A090'], destinations: ['AE', 'SA'], authorizedQuantity: 16, validFrom: '2024-05-01', validTo: '2026-04-30', actor: A })

        await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'approved', reason: '   ', actor: APPROVER }), 'VALIDATION_FAILED')
        await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'maybe' as never, reason: 'x', actor: APPROVER }), 'VALIDATION_FAILED')
        await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'rejected', licenseId: lic.id, reason: 'x', actor: APPROVER }), 'VALIDATION_FAILED')
        await rejectsWith(s.approveTransaction({ transactionId: 'txn_nope', decision: 'approved', reason: 'x', actor: APPROVER }), 'NOT_FOUND')
        await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: 'lic_nope', reason: 'x', actor: APPROVER }), 'NOT_FOUND')

        const approval = await s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'licence D100 covers 8 H100 to AE; end-user statement on file', actor: 'approver-1' })
        assert.deepEqual(
          { ...approval, decidedAt: typeof approval.decidedAt },
          { transactionId: tx.id, decision: 'approved', reason: 'licence D100 covers 8 H100 to AE; end-user statement on file', licenseId: lic.id, licenseNumber: 'D100', verdict: 'LICENSE_REQUIRED', decidedBy: 'approver-1', decidedAt: 'string' },
        )
        const after = await s.getTransaction(tx.id)
        assert.equal(after.approvalStatus, 'approved')
        assert.deepEqual(after.approval, approval)
        assert.deepEqual(after.result, before.result, 'the stored determination is unchanged')

        // decisions are final: neither a second approval nor a rejection
        await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'approved', reason: 'again', actor: 'approver-2' }), 'APPROVAL_ALREADY_DECIDED')
        await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'rejected', reason: 'changed my mind', actor: 'approver-2' }), 'APPROVAL_ALREADY_DECIDED')
        assert.equal((await s.getTransaction(tx.id)).approval?.decidedBy, 'approver-1')

        const events = await s.listAuditEvents({ entityId: tx.id })
        assert.deepEqual(events.items.map((e) => [e.action, e.entityType, e.actor]), [
          ['transaction.recorded', 'transaction', A],
          ['transaction.approved', 'transaction-approval', 'approver-1'],
        ])
        assert.deepEqual(events.items[1]!.data, { verdict: 'LICENSE_REQUIRED', licenseId: lic.id, reason: approval.reason })
      }))

    test('approval: NLR needs none, PROHIBITED can be neither approved nor rejected, a licence exception can be approved or rejected; refusals append nothing', () =>
      withStore(open, async (s) => {
        const nlr = await recordTx(s, { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'DE' })
        assert.equal(nlr.verdict, 'NLR')
        const prohibited = await recordTx(s, { date: '2024-06-01', item: { chip: 'nvidia-l4' }, quantity: 1, to: 'AE', parties: [{ role: 'purchaser', name: 'Zephyrine Quillfeather Export Trading', country: 'AE' }] })
        assert.equal(prohibited.verdict, 'PROHIBITED')
        const exception = await recordTx(s, { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'DE', parties: [{ role: 'end-user', name: 'Frankfurt Compute GmbH', country: 'DE' }] }, 'as-published')
        assert.equal(exception.verdict, 'LICENSE_EXCEPTION')
        const required = await recordTx(s, H100_TO_AE)

        const seq = async () => (await s.verifyAudit()).head.seq
        const head = await seq()
        await rejectsWith(s.approveTransaction({ transactionId: nlr.id, decision: 'approved', reason: 'x', actor: APPROVER }), 'APPROVAL_NOT_REQUIRED')
        // its PROHIBITED rests on an unreviewed match: neither decision until the match is reviewed and the answer re-checked
        await rejectsWith(s.approveTransaction({ transactionId: prohibited.id, decision: 'approved', reason: 'x', actor: APPROVER }), 'HIT_REVIEW_PENDING')
        await rejectsWith(s.approveTransaction({ transactionId: prohibited.id, decision: 'rejected', reason: 'x', actor: APPROVER }), 'HIT_REVIEW_PENDING')
        assert.equal(await seq(), head, 'a refused decision appends no audit event')

        await s.approveTransaction({ transactionId: exception.id, decision: 'approved', reason: 'AIA conditions met: Tier 1 destination, consignee headquartered in DE', actor: APPROVER })
        const rejected = await s.approveTransaction({ transactionId: required.id, decision: 'rejected', reason: 'no licence will be applied for', actor: APPROVER })
        assert.equal(rejected.licenseId, null)

        const statuses = Object.fromEntries((await s.listTransactions()).items.map((t) => [t.id, t.approvalStatus]))
        assert.deepEqual(statuses, { [nlr.id]: 'not-required', [prohibited.id]: 'prohibited', [exception.id]: 'approved', [required.id]: 'rejected' })
        const listed = (await s.listTransactions()).items.find((t) => t.id === required.id)!
        assert.equal(listed.approval?.reason, 'no licence will be applied for')
        const events = await s.listAuditEvents({ entityType: 'transaction-approval' })
        assert.deepEqual(events.items.map((e) => [e.action, e.entityId]), [
          ['transaction.approved', exception.id],
          ['transaction.rejected', required.id],
        ])
      }))

    test("licences: a shipment's TPP defaults to its quantity times its transaction's TPP per unit; a licence that limits TPP refuses a shipment whose TPP is unknown", () =>
      withStore(open, async (s) => {
        const tx = await recordTx(s, H100_TO_AE)
        const perUnit = (await s.getTransaction(tx.id)).result.item.tppPerUnit!
        assert.ok(perUnit > 0)
        const lic = await s.createLicense({ number: 'D-TPP', eccns: ['3A090.a'], destinations: ['AE'], authorizedTpp: perUnit * 8, validFrom: '2024-01-01', validTo: '2024-12-31', actor: A })
        await s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'D-TPP covers it', actor: APPROVER })
        const first = await s.recordShipment({ licenseId: lic.id, transactionId: tx.id, quantity: 3, shippedOn: '2024-06-02', destination: 'AE', actor: A })
        assert.equal(first.shipment.tpp, perUnit * 3)
        assert.equal(first.license.usedTpp, perUnit * 3)
        // given, it is taken as given
        assert.equal((await s.recordShipment({ licenseId: lic.id, transactionId: tx.id, quantity: 1, tpp: perUnit, shippedOn: '2024-06-03', destination: 'AE', actor: A })).license.usedTpp, perUnit * 4)
        // no transaction and no TPP against a licence that limits TPP: refused, naming tpp, nothing written
        const head = (await s.verifyAudit()).head.seq
        await assert.rejects(s.recordShipment({ licenseId: lic.id, override: { reason: 'sample unit, no transaction' }, quantity: 1, shippedOn: '2024-06-04', destination: 'AE', actor: APPROVER }), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'VALIDATION_FAILED', String(e))
          assert.deepEqual((e.details.issues as { path: string }[]).map((i) => i.path), ['tpp'])
          return true
        })
        assert.equal((await s.verifyAudit()).head.seq, head, 'nothing recorded')
        // a licence that does not limit TPP records 0 when nothing gives it
        const open2 = await s.createLicense({ number: 'D-NOTPP', eccns: ['3A090.a'], destinations: ['AE'], validFrom: '2024-01-01', validTo: '2024-12-31', actor: A })
        assert.equal((await s.recordShipment({ licenseId: open2.id, override: { reason: 'sample unit, no transaction' }, quantity: 1, shippedOn: '2024-06-04', destination: 'AE', actor: APPROVER })).shipment.tpp, 0)
      }))

    test('approval: a LICENSE_REQUIRED transaction is approved only under a recorded licence (else anything could ship under any licence); a licence exception needs none', () =>
      withStore(open, async (s) => {
        const tx = await recordTx(s, H100_TO_AE)
        assert.equal(tx.verdict, 'LICENSE_REQUIRED')
        const head = (await s.verifyAudit()).head.seq
        await assert.rejects(s.approveTransaction({ transactionId: tx.id, decision: 'approved', reason: 'looks fine', actor: APPROVER }), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'APPROVAL_NEEDS_LICENSE', String(e))
          assert.equal(e.details.transactionId, tx.id)
          assert.deepEqual(e.details.issues, [{ path: 'licenseId', message: 'name the recorded licence that covers this transaction (it needs a licence)' }])
          return true
        })
        assert.equal((await s.verifyAudit()).head.seq, head, 'nothing recorded')
        assert.equal((await s.getTransaction(tx.id)).approvalStatus, 'pending')
        // a rejection names no licence, and an approval under a licence that covers it goes through
        const lic = await s.createLicense({ number: 'D-NEEDS', eccns: ['3A090.a'], destinations: ['AE'], validFrom: '2024-01-01', validTo: '2024-12-31', actor: A })
        assert.equal((await s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'D-NEEDS covers it', actor: APPROVER })).licenseNumber, 'D-NEEDS')
        const exception = await recordTx(s, { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'DE', parties: [{ role: 'end-user', name: 'Frankfurt Compute GmbH', country: 'DE' }] }, 'as-published')
        assert.equal(exception.verdict, 'LICENSE_EXCEPTION')
        assert.equal((await s.approveTransaction({ transactionId: exception.id, decision: 'approved', reason: 'AIA conditions met', actor: APPROVER })).licenseId, null)
      }))

    test('approval: a licence that does not cover the transaction date, destination or ECCN is refused, naming each gap', () =>
      withStore(open, async (s) => {
        const tx = await recordTx(s, H100_TO_AE)
        const lic = (number: string, over: Partial<Parameters<RecordsStore['createLicense']>[0]> = {}) =>
          s.createLicense({ number, eccns: ['3A090.a'], destinations: ['AE'], validFrom: '2024-01-01', validTo: '2024-12-31', actor: A, ...over })
        const expired = await lic('L-expired', { validFrom: '2023-01-01', validTo: '2024-05-31' })
        const notYet = await lic('L-later', { validFrom: '2024-06-02' })
        const otherPlace = await lic('L-sa', { destinations: ['SA'] })
        const otherEccn = await lic('L-4a090', { eccns: ['4A090.a', '3A090.b'] })
        const everything = await lic('L-all-wrong', { destinations: ['SA'], eccns: ['3A090.b'], validFrom: '2025-01-01', validTo: '2025-12-31' })
        for (const l of [expired, notYet, otherPlace, otherEccn]) {
          await rejectsWith(s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: l.id, reason: 'x', actor: APPROVER }), 'LICENSE_DOES_NOT_COVER')
        }
        await assert.rejects(s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: everything.id, reason: 'x', actor: APPROVER }), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'LICENSE_DOES_NOT_COVER')
          assert.equal((e.details.problems as string[]).length, 3, JSON.stringify(e.details))
          return true
        })
        assert.equal((await s.getTransaction(tx.id)).approvalStatus, 'pending', 'nothing was recorded')
        // a licence naming neither an ECCN nor an item authorises nothing that can be checked
        const bare = await lic('L-bare', { eccns: [] })
        await assert.rejects(s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: bare.id, reason: 'x', actor: APPROVER }), (e: unknown) => isAppError(e) && e.code === 'LICENSE_DOES_NOT_COVER' && /neither an ECCN nor an item/.test(String(e.details.problems)))
        // a licence naming the item in words and no ECCN, valid on the last day, covers it
        const plain = await lic('L-plain', { eccns: [], items: ['NVIDIA H100 SXM5 80GB GPUs'], validFrom: '2024-06-01', validTo: '2024-06-01' })
        const ok = await s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: plain.id, reason: 'covered', actor: APPROVER })
        assert.equal(ok.licenseNumber, 'L-plain')
      }))

    test('approval: a licence for other items, other parties or fewer units left than the transaction is refused, naming each gap', () =>
      withStore(open, async (s) => {
        const buyer = await s.createParty({ name: 'Example Cloud FZ-LLC', country: 'AE', actor: A })
        const tx = await recordTx(s, { ...(H100_TO_AE as object), parties: [{ role: 'end-user', name: 'Example Cloud FZ-LLC', country: 'AE' }] } as Tx)
        const lic = (number: string, over: Partial<Parameters<RecordsStore['createLicense']>[0]> = {}) =>
          s.createLicense({ number, eccns: ['3A090.a'], destinations: ['AE'], validFrom: '2024-01-01', validTo: '2024-12-31', actor: A, ...over })
        const problems = async (id: string) => {
          let found: string[] = []
          await assert.rejects(s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: id, reason: 'x', actor: APPROVER }), (e: unknown) => {
            assert.ok(isAppError(e) && e.code === 'LICENSE_DOES_NOT_COVER', String(e))
            found = e.details.problems as string[]
            return true
          })
          return found
        }
        assert.match((await problems((await lic('L-mi300x', { items: ['amd-mi300x'] })).id)).join(), /not nvidia-h100-sxm/)
        assert.match((await problems((await lic('L-h200', { items: ['NVIDIA H200'] })).id)).join(), /not nvidia-h100-sxm/)
        assert.match((await problems((await lic('L-other-buyer', { parties: ['Other Buyer Ltd'] })).id)).join(), /not the end-user Example Cloud FZ-LLC/)
        assert.match((await problems((await lic('L-four', { authorizedQuantity: 4 })).id)).join(), /4 of its 4 units left, and the transaction is for 8/)
        const all = await problems((await lic('L-all', { items: ['amd-mi300x'], parties: ['Other Buyer Ltd'], authorizedQuantity: 1 })).id)
        assert.equal(all.length, 3, all.join('; '))
        assert.equal((await s.getTransaction(tx.id)).approvalStatus, 'pending', 'nothing was recorded')
        // the licence names the stored party by id, the item by its chip id, and enough units: it covers the transaction
        const good = await lic('L-good', { items: ['nvidia-h100-sxm'], parties: [buyer.id], authorizedQuantity: 8 })
        assert.equal((await s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: good.id, reason: 'covered', actor: APPROVER })).licenseNumber, 'L-good')
      }))

    test('transactions list: pages, and approvalStatus filters (pending is the approval queue)', () =>
      withStore(open, async (s) => {
        const ids: string[] = []
        for (let i = 0; i < 3; i++) ids.push((await recordTx(s, H100_TO_AE)).id)
        const nlr = await recordTx(s, { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'DE' })
        const lic = await s.createLicense({ number: 'D-LIST', eccns: ['3A090.a'], destinations: ['AE'], validFrom: '2024-01-01', validTo: '2024-12-31', actor: A })
        await s.approveTransaction({ transactionId: ids[1]!, decision: 'approved', licenseId: lic.id, reason: 'ok', actor: APPROVER })
        const p1 = await s.listTransactions({ limit: 3 })
        assert.equal(p1.items.length, 3)
        const p2 = await s.listTransactions({ limit: 3, cursor: p1.nextCursor })
        assert.deepEqual([...p1.items, ...p2.items].map((t) => t.id), [...ids, nlr.id])
        assert.equal(p2.nextCursor, null)
        const pending = await s.listTransactions({ approvalStatus: 'pending', limit: 1 })
        assert.deepEqual(pending.items.map((t) => t.id), [ids[0]])
        const pending2 = await s.listTransactions({ approvalStatus: 'pending', limit: 1, cursor: pending.nextCursor })
        assert.deepEqual(pending2.items.map((t) => t.id), [ids[2]])
        assert.equal(pending2.nextCursor, null)
        assert.deepEqual((await s.listTransactions({ approvalStatus: 'approved' })).items.map((t) => [t.id, t.approval?.decision]), [[ids[1], 'approved']])
        assert.deepEqual((await s.listTransactions({ approvalStatus: 'not-required' })).items.map((t) => t.id), [nlr.id])
        assert.deepEqual((await s.listTransactions({ approvalStatus: 'rejected' })).items, [])
      }))

    test('screening runs: listed without their hits, oldest first, by page and by party', () =>
      withStore(open, async (s) => {
        const party = await s.createParty({ name: 'Listed Co', country: 'DE', actor: A })
        const run = (partyId?: string) => s.recordScreening({ ...(partyId ? { partyId } : {}), query: { name: 'Listed Co' }, threshold: 0.8, snapshots: [], hits: [], actor: A })
        const a = await run(party.id)
        const b = await run()
        const c = await run(party.id)
        const p1 = await s.listScreeningRuns({ limit: 2 })
        const p2 = await s.listScreeningRuns({ limit: 2, cursor: p1.nextCursor })
        assert.deepEqual([...p1.items, ...p2.items].map((r) => r.id), [a.id, b.id, c.id])
        assert.equal(p2.nextCursor, null)
        assert.equal('hits' in p1.items[0]!, false)
        const { hits: _h, ...withoutHits } = a
        assert.deepEqual(p1.items[0], withoutHits)
        assert.deepEqual((await s.listScreeningRuns({ partyId: party.id })).items.map((r) => r.id), [a.id, c.id])
        assert.deepEqual((await s.listScreeningRuns({ partyId: 'pty_nope' })).items, [])
      }))

    test('allocations: listed oldest first by page, and filtered by kind, country, consignee, year and transaction', () =>
      withStore(open, async (s) => {
        const t1 = await s.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1000, transactionId: 'txn_1', actor: A })
        const t2 = await s.recordAllocation({ kind: 'tier2-country', country: 'BR', year: 2025, tpp: 200, actor: A })
        const l1 = await s.recordAllocation({ kind: 'lpp-consignee', country: 'IN', consignee: 'pty_x', year: 2026, tpp: 300, actor: A })
        const p1 = await s.listAllocations({ limit: 2 })
        const p2 = await s.listAllocations({ limit: 2, cursor: p1.nextCursor })
        assert.deepEqual([...p1.items, ...p2.items], [t1, t2, l1])
        assert.equal(p2.nextCursor, null)
        const ids = async (o: Parameters<RecordsStore['listAllocations']>[0]) => (await s.listAllocations(o)).items.map((a) => a.id)
        assert.deepEqual(await ids({ kind: 'lpp-consignee' }), [l1.id])
        assert.deepEqual(await ids({ country: 'IN' }), [t1.id, l1.id])
        assert.deepEqual(await ids({ consignee: 'pty_x' }), [l1.id])
        assert.deepEqual(await ids({ year: 2025 }), [t1.id, t2.id])
        assert.deepEqual(await ids({ transactionId: 'txn_1' }), [t1.id])
        assert.deepEqual(await ids({ country: 'IN', year: 2025, kind: 'tier2-country' }), [t1.id])
      }))

    test('technology access log: pages, filters by subject, and refuses a time that is not ISO 8601', () =>
      withStore(open, async (s) => {
        const log = (subject: string, resource: string) => s.recordTechAccess({ subject, nationality: 'CN', location: 'US', resource, accessedAt: '2025-05-01T09:00:00+08:00', actor: A })
        const a = await log('user-1', 'cluster-east')
        const b = await log('user-2', 'cluster-east')
        const c = await log('user-1', 'weights/v3')
        const p1 = await s.listTechAccess({ limit: 2 })
        const p2 = await s.listTechAccess({ limit: 2, cursor: p1.nextCursor })
        assert.deepEqual([...p1.items, ...p2.items], [a, b, c])
        assert.deepEqual((await s.listTechAccess({ subject: 'user-1' })).items.map((x) => x.id), [a.id, c.id])
        assert.deepEqual((await s.listTechAccess({ subject: 'user-1', resource: 'cluster-east' })).items.map((x) => x.id), [a.id])
        await rejectsWith(s.recordTechAccess({ subject: 'x', nationality: 'CN', location: 'US', resource: 'r', accessedAt: 'the first of May, in the morning', actor: A }), 'VALIDATION_FAILED')
      }))

    test('retention: a refused delete names the date it may be deleted, on legal hold too', async () => {
      await withStore(
        open,
        async (s) => {
          const doc = await s.addDocument({ kind: 'invoice', bytes: new Uint8Array([1]), eventOn: '2024-06-01', actor: A })
          const held = await s.addDocument({ kind: 'correspondence', bytes: new Uint8Array([2]), eventOn: '2010-01-01', isOnLegalHold: true, actor: A })
          const details = async (id: string) => {
            let d: Record<string, unknown> = {}
            await assert.rejects(s.deleteDocument({ id, asOf: '2026-11-26', actor: A }), (e: unknown) => {
              assert.ok(isAppError(e) && e.code === 'RETENTION_ACTIVE')
              d = e.details
              return true
            })
            return d
          }
          assert.equal((await details(doc.id)).retainUntil, '2029-06-01')
          const h = await details(held.id)
          assert.equal(h.retainUntil, '2015-01-01')
          assert.equal(h.isOnLegalHold, true)
          await rejectsWith(s.deleteDocument({ id: 'doc_nope', asOf: '2026-11-26', actor: A }), 'NOT_FOUND')
        },
        { now: () => '2026-11-26T10:00:00.000Z' },
      )
    })

    test('shipments respect the licence decision: a linked transaction that needs a licence ships only once approved, against the licence its approval names; never when prohibited or rejected; a held shipment changes nothing', () =>
      withStore(open, async (s) => {
        const lic = await s.createLicense({ number: 'H-1', items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['AE', 'DE'], authorizedQuantity: 100, validFrom: '2024-01-01', validTo: '2026-12-31', actor: A })
        const other = await s.createLicense({ number: 'H-2', eccns: ['3A090'], destinations: ['AE', 'DE'], authorizedQuantity: 100, validFrom: '2024-01-01', validTo: '2026-12-31', actor: A })
        const ship = (licenseId: string, transactionId: string, destination = 'AE', shippedOn = '2024-06-03') => s.recordShipment({ licenseId, quantity: 1, shippedOn, destination, transactionId, actor: A })

        const pending = await recordTx(s, H100_TO_AE)
        const rejected = await recordTx(s, H100_TO_AE)
        const underH1 = await recordTx(s, H100_TO_AE)
        const nlr = await recordTx(s, { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'DE' })
        const prohibited = await recordTx(s, { date: '2024-06-01', item: { chip: 'nvidia-l4' }, quantity: 1, to: 'AE', parties: [{ role: 'purchaser', name: 'Zephyrine Quillfeather Export Trading', country: 'AE' }] })
        const exception = await recordTx(s, { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'DE', parties: [{ role: 'end-user', name: 'Frankfurt Compute GmbH', country: 'DE' }] }, 'as-published')
        assert.deepEqual([nlr.verdict, prohibited.verdict, exception.verdict], ['NLR', 'PROHIBITED', 'LICENSE_EXCEPTION'])
        await s.approveTransaction({ transactionId: rejected.id, decision: 'rejected', reason: 'no licence will be applied for', actor: 'approver-1' })
        await s.approveTransaction({ transactionId: underH1.id, decision: 'approved', licenseId: lic.id, reason: 'H-1 covers it', actor: APPROVER })
        // it needs a licence: an approval naming none (which would let it ship under any licence) is refused
        await rejectsWith(s.approveTransaction({ transactionId: pending.id, decision: 'approved', reason: 'checked', actor: APPROVER }), 'APPROVAL_NEEDS_LICENSE')

        const head = (await s.verifyAudit()).head.seq
        await assert.rejects(ship(lic.id, pending.id), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'APPROVAL_PENDING', String(e))
          assert.deepEqual([e.details.transactionId, e.details.verdict, e.details.approvalStatus], [pending.id, 'LICENSE_REQUIRED', 'pending'])
          return true
        })
        await rejectsWith(ship(lic.id, exception.id, 'DE', '2025-06-02'), 'APPROVAL_PENDING')
        await assert.rejects(ship(lic.id, rejected.id), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'TRANSACTION_REJECTED', String(e))
          assert.equal(e.details.decidedBy, 'approver-1')
          return true
        })
        await rejectsWith(ship(lic.id, prohibited.id), 'SHIPMENT_PROHIBITED')
        await assert.rejects(ship(other.id, underH1.id), (e: unknown) => {
          assert.ok(isAppError(e) && e.code === 'APPROVED_UNDER_OTHER_LICENSE', String(e))
          assert.deepEqual([e.details.approvedLicenseId, e.details.approvedLicenseNumber, e.details.licenseId], [lic.id, 'H-1', other.id])
          return true
        })
        await rejectsWith(ship(lic.id, 'txn_nope'), 'NOT_FOUND')
        assert.equal((await s.verifyAudit()).head.seq, head, 'a held shipment appends no audit event')
        assert.deepEqual([(await s.getLicense(lic.id)).usedQuantity, (await s.getLicense(other.id)).usedQuantity], [0, 0], 'and depletes nothing')

        // what the decision allows ships: under the licence the approval names, and NLR
        assert.equal((await ship(lic.id, underH1.id)).shipment.transactionId, underH1.id)
        await ship(lic.id, underH1.id)
        await ship(other.id, nlr.id, 'DE')
        // the hold ends with the approval
        await s.approveTransaction({ transactionId: pending.id, decision: 'approved', licenseId: other.id, reason: 'now covered', actor: APPROVER })
        await ship(other.id, pending.id)
        await s.approveTransaction({ transactionId: exception.id, decision: 'approved', reason: 'AIA conditions met', actor: APPROVER })
        await ship(other.id, exception.id, 'DE', '2025-06-02')
        // the licence's own checks still apply after the hold
        await rejectsWith(ship(lic.id, underH1.id, 'AE', '2027-01-01'), 'LICENSE_NOT_VALID')
        assert.deepEqual([(await s.getLicense(lic.id)).usedQuantity, (await s.getLicense(other.id)).usedQuantity], [2, 3])
      }))

    test('shipments racing the approval of their transaction: each is either held (APPROVAL_PENDING) or recorded after the approval, never before it', () =>
      withStore(open, async (s) => {
        const lic = await s.createLicense({ number: 'RACE-APPROVAL', eccns: ['3A090.a'], destinations: ['AE'], authorizedQuantity: 100, validFrom: '2024-01-01', validTo: '2026-12-31', actor: A })
        const tx = await recordTx(s, { ...(H100_TO_AE as object), quantity: 20 } as Tx)
        // all at once, the approval in the middle of the shipments
        const writes: Promise<unknown>[] = []
        for (let i = 0; i < 20; i++) {
          if (i === 10) writes.push(s.approveTransaction({ transactionId: tx.id, decision: 'approved', licenseId: lic.id, reason: 'covered', actor: APPROVER }))
          writes.push(s.recordShipment({ licenseId: lic.id, quantity: 1, shippedOn: '2024-06-03', destination: 'AE', transactionId: tx.id, actor: A }))
        }
        const results = await Promise.allSettled(writes)
        assert.equal(results[10]!.status, 'fulfilled')
        const held = results.filter((r, i): r is PromiseRejectedResult => i !== 10 && r.status === 'rejected')
        assert.ok(held.every((r) => isAppError(r.reason) && r.reason.code === 'APPROVAL_PENDING'), JSON.stringify(held))
        const events = (await s.listAuditEvents({ limit: 500 })).items
        const approvedAt = events.find((e) => e.action === 'transaction.approved')!.seq
        const shipped = events.filter((e) => e.action === 'shipment.recorded')
        assert.equal(shipped.length, 20 - held.length)
        assert.ok(shipped.every((e) => e.seq > approvedAt), 'no shipment was recorded before the approval')
        assert.equal((await s.getLicense(lic.id)).usedQuantity, shipped.length)
      }))

    test('legal hold: placed and lifted with a reason, audited; a document on hold is never deleted; the hold lifted, retention decides', async () => {
      await withStore(
        open,
        async (s) => {
          const doc = await s.addDocument({ kind: 'correspondence', bytes: new Uint8Array([4, 2]), eventOn: '2015-01-01', actor: A })
          assert.equal(doc.isOnLegalHold, false)
          await rejectsWith(s.setLegalHold({ documentId: doc.id, isOnLegalHold: true, reason: '  ', actor: A }), 'VALIDATION_FAILED')
          await rejectsWith(s.setLegalHold({ documentId: 'doc_nope', isOnLegalHold: true, reason: 'x', actor: A }), 'NOT_FOUND')
          await rejectsWith(s.setLegalHold({ documentId: doc.id, isOnLegalHold: false, reason: 'x', actor: A }), 'CONFLICT')

          const held = await s.setLegalHold({ documentId: doc.id, isOnLegalHold: true, reason: 'BIS subpoena 2026-17', actor: 'approver-1' })
          assert.deepEqual(held, { ...doc, isOnLegalHold: true })
          assert.deepEqual((await s.getDocument(doc.id)).document, held)
          await rejectsWith(s.setLegalHold({ documentId: doc.id, isOnLegalHold: true, reason: 'again', actor: A }), 'CONFLICT')
          // retention ran out in 2020, but the hold keeps it
          await assert.rejects(s.deleteDocument({ id: doc.id, asOf: '2026-11-26', actor: A }), (e: unknown) => isAppError(e) && e.code === 'RETENTION_ACTIVE' && e.details.isOnLegalHold === true)

          const lifted = await s.setLegalHold({ documentId: doc.id, isOnLegalHold: false, reason: 'subpoena withdrawn', actor: 'approver-2' })
          assert.equal(lifted.isOnLegalHold, false)
          const events = await s.listAuditEvents({ entityType: 'document', entityId: doc.id })
          assert.deepEqual(events.items.map((e) => [e.action, e.actor, e.data]), [
            ['document.added', A, { sha256: doc.sha256 }],
            ['document.legal-hold-placed', 'approver-1', { reason: 'BIS subpoena 2026-17' }],
            ['document.legal-hold-lifted', 'approver-2', { reason: 'subpoena withdrawn' }],
          ])
          assert.equal(events.items[2]!.beforeHash, events.items[1]!.afterHash)
          assert.deepEqual(await s.deleteDocument({ id: doc.id, asOf: '2026-11-26', actor: A }), { retainUntil: '2020-01-01' })
        },
        { now: () => '2026-11-26T10:00:00.000Z' },
      )
    })

    test('audit trail: every write appends chained events with actor, action, entity and hashes; refused writes append nothing', () =>
      withStore(open, async (s) => {
        const p = await s.createParty({ name: 'Audit Co', country: 'DE', actor: 'alice' })
        const lic = await s.createLicense({ number: 'A1', destinations: ['DE'], authorizedQuantity: 1, validFrom: '2025-01-01', validTo: '2025-12-31', actor: 'bob' })
        await s.recordShipment({ licenseId: lic.id, override: { reason: 'licence depletion test: no transaction recorded' }, quantity: 1, shippedOn: '2025-05-05', destination: 'DE', actor: 'carol' })
        await rejectsWith(s.recordShipment({ licenseId: lic.id, override: { reason: 'licence depletion test: no transaction recorded' }, quantity: 1, shippedOn: '2025-05-05', destination: 'DE', actor: 'carol' }), 'LICENSE_OVERDRAWN')
        const all = await s.listAuditEvents({ limit: 2 })
        const rest = await s.listAuditEvents({ limit: 10, cursor: all.nextCursor })
        const events = [...all.items, ...rest.items]
        assert.deepEqual(events.map((e) => [e.seq, e.action, e.actor]), [
          [1, 'party.created', 'alice'],
          [2, 'license.created', 'bob'],
          [3, 'shipment.recorded', 'carol'],
          [4, 'license.depleted', 'carol'],
        ])
        assert.equal(events[0]!.entityId, p.id)
        assert.equal(events[3]!.beforeHash, events[1]!.afterHash, 'the licence before the shipment is the licence as created')
        for (let i = 1; i < events.length; i++) assert.equal(events[i]!.prevHash, events[i - 1]!.hash)
        const forLicense = await s.listAuditEvents({ entityType: 'license', entityId: lic.id })
        assert.deepEqual(forLicense.items.map((e) => e.action), ['license.created', 'license.depleted'])
        const v = await s.verifyAudit()
        assert.equal(v.ok, true)
        assert.equal(v.checked, 4)
        assert.equal(v.rowsChecked, 3)
      }))
  })
}
