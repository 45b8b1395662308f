/**
 * The audit trail detects tampering done directly in the database, behind the store's back: an edited,
 * inserted or deleted row of an audited table (an approval, a legal hold lifted), an edited or deleted
 * audit event, a truncated chain, changed document bytes, and an edit whose attacker also rewrote the
 * row's audit event. `chipnav audit
 * verify` reports it and exits 1.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { AuditProblemKind } from '../../src/records/records-store.js'
import { runCli } from '../helpers/run-cli.js'
import { storeDialectsUnderTest, type OpenedStore } from './dialects-under-test.js'

type Fixture = { partyId: string; licenseId: string; shipmentId: string; documentId: string; sha256: string }

async function seed(o: OpenedStore): Promise<Fixture> {
  const s = o.store
  const party = await s.createParty({ name: 'Honest Trading LLC', country: 'AE', actor: 'alice' })
  const lic = await s.createLicense({ number: 'T-1', destinations: ['AE'], authorizedQuantity: 10, validFrom: '2025-01-01', validTo: '2025-12-31', actor: 'alice' })
  const { shipment } = await s.recordShipment({ licenseId: lic.id, override: { reason: 'licence depletion test: no transaction recorded' }, quantity: 2, shippedOn: '2025-02-02', destination: 'AE', actor: 'bob' })
  const doc = await s.addDocument({ kind: 'invoice', bytes: new TextEncoder().encode('INVOICE 1: 2 units'), eventOn: '2025-02-02', actor: 'bob' })
  await s.createParty({ name: 'Other Co', country: 'DE', actor: 'alice' })
  assert.equal((await s.verifyAudit()).ok, true)
  return { partyId: party.id, licenseId: lic.id, shipmentId: shipment.id, documentId: doc.id, sha256: doc.sha256 }
}

/** A stored transaction whose (minimal) answer needs a licence: only the verdict matters to approval. */
async function recordLicensedTransaction(o: OpenedStore): Promise<string> {
  const result = { date: '2025-02-02', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', listSnapshots: [], rulesVersion: 'test' }
  return (await o.store.recordDetermination({ transaction: { date: '2025-02-02' }, result: result as never, actor: 'bob' })).id
}

const cases: { name: string; tamper: (o: OpenedStore, f: Fixture) => Promise<unknown>; expect: AuditProblemKind; firstBadEvent?: number }[] = [
  { name: 'an edited row (a party renamed)', tamper: (o, f) => o.exec('update parties set name = ? where id = ?', ['Evil Trading LLC', f.partyId]), expect: 'row-edited' },
  { name: 'an edited row (licence depletion rolled back)', tamper: (o, f) => o.exec('update licenses set used_quantity = 0 where id = ?', [f.licenseId]), expect: 'row-edited' },
  {
    name: 'an inserted row (a shipment nobody recorded)',
    tamper: (o, f) => o.exec("insert into shipments (id, license_id, transaction_id, quantity, value, tpp, shipped_on, destination, consignee, recorded_at, recorded_by) values ('shp_forged', ?, null, 1, 0, 0, '2025-03-03', 'AE', null, '2025-03-03T00:00:00.000Z', 'mallory')", [f.licenseId]),
    expect: 'row-inserted',
  },
  { name: 'a deleted row (a shipment removed)', tamper: (o, f) => o.exec('delete from shipments where id = ?', [f.shipmentId]), expect: 'row-deleted' },
  { name: 'a deleted row (a document removed before its retention ended)', tamper: (o, f) => o.exec('delete from documents where id = ?', [f.documentId]), expect: 'row-deleted' },
  { name: "changed document bytes (content no longer matches its sha256)", tamper: (o, f) => o.exec('update blobs set bytes = ? where sha256 = ?', [Buffer.from('INVOICE 1: 9 units'), f.sha256]), expect: 'row-edited' },
  { name: 'an edited audit event (actor rewritten)', tamper: (o) => o.exec("update audit_events set actor = 'mallory' where seq = 2"), expect: 'event-edited', firstBadEvent: 2 },
  { name: 'a deleted audit event in the middle', tamper: (o) => o.exec('delete from audit_events where seq = 3'), expect: 'event-missing', firstBadEvent: 4 },
  { name: 'the last audit events deleted (a truncated chain)', tamper: (o) => o.exec('delete from audit_events where seq >= 6'), expect: 'head-mismatch' },
  {
    name: 'an edited approval (a rejection turned into an approval)',
    tamper: async (o) => {
      const txn = await recordLicensedTransaction(o)
      await o.store.approveTransaction({ transactionId: txn, decision: 'rejected', reason: 'the end user would not sign', actor: 'carol' })
      assert.equal((await o.store.verifyAudit()).ok, true)
      await o.exec("update transaction_approvals set decision = 'approved' where transaction_id = ?", [txn])
    },
    expect: 'row-edited',
  },
  {
    name: 'an inserted approval (a decision nobody recorded)',
    tamper: async (o) => {
      const txn = await recordLicensedTransaction(o)
      await o.exec("insert into transaction_approvals (transaction_id, decision, reason, license_id, license_number, verdict, decided_by, decided_at) values (?, 'approved', 'ok', null, null, 'LICENSE_REQUIRED', 'key:mallory', '2025-03-03T00:00:00.000Z')", [txn])
    },
    expect: 'row-inserted',
  },
  {
    name: 'a legal hold lifted in the database (to delete a document an agency asked for)',
    tamper: async (o, f) => {
      await o.store.setLegalHold({ documentId: f.documentId, isOnLegalHold: true, reason: 'BIS subpoena 2026-17', actor: 'carol' })
      assert.equal((await o.store.verifyAudit()).ok, true)
      await o.exec('update documents set is_on_legal_hold = 0 where id = ?', [f.documentId])
    },
    expect: 'row-edited',
  },
  {
    name: "a transaction's deal column edited (the list reads the columns, not the stored text)",
    tamper: async (o) => {
      const result = { date: '2025-02-02', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', listSnapshots: [], rulesVersion: 'test' }
      const { id } = await o.store.recordDetermination({ transaction: { date: '2025-02-02', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'CN' }, result: result as never, actor: 'bob' })
      const deal = () => o.store.listTransactions().then((p) => p.items.find((x) => x.id === id)!)
      assert.equal((await deal()).destination, 'CN')
      assert.equal((await o.store.verifyAudit()).ok, true)
      await o.exec("update transactions set deal_destination = 'DE' where id = ?", [id])
      assert.equal((await deal()).destination, 'DE')
    },
    expect: 'row-edited',
  },
  {
    name: 'a shipment untied from its deployment in the database (the tie is part of the deployment record)',
    tamper: async (o, f) => {
      const d = await o.store.createDeployment({ site: { country: 'AE', operator: 'Gulf Compute', address: 'Dubai', declaredCapacity: 10 }, shippedQuantity: 2, shipmentIds: [f.shipmentId], attestationIntervalDays: 90, deployedOn: '2025-02-10', actor: 'alice' })
      const other = await o.store.createDeployment({ site: { country: 'AE', operator: 'Other Compute', address: 'Abu Dhabi', declaredCapacity: 10 }, shippedQuantity: 1, attestationIntervalDays: 90, deployedOn: '2025-02-10', actor: 'alice' })
      assert.equal((await o.store.verifyAudit()).ok, true)
      // the link is unique by shipment: another deployment cannot hold it, even written behind the store's back
      await assert.rejects(o.exec('insert into deployment_shipment_links (deployment_id, position, shipment_id, is_holder) values (?, 0, ?, 1)', [other.id, f.shipmentId]), /unique|duplicate/i)
      await o.exec('delete from deployment_shipment_links where deployment_id = ?', [d.id])
      return d.id
    },
    expect: 'row-edited',
  },
  {
    name: "an edited row whose audit event's after-hash was rewritten to match",
    tamper: async (o, f) => {
      await o.exec('update parties set name = ? where id = ?', ['Evil Trading LLC', f.partyId])
      const { rowHash } = await import('../../src/records/hash-chain.js')
      const p = await o.store.getParty(f.partyId)
      await o.exec('update audit_events set after_hash = ? where entity_id = ?', [rowHash(p), f.partyId])
    },
    expect: 'event-edited',
    firstBadEvent: 1,
  },
]

describe('audit tamper detection', () => {
  for (const d of storeDialectsUnderTest()) {
    describe(d.name, { skip: d.skip }, () => {
      for (const c of cases) {
        test(`detects ${c.name}`, async () => {
          const o = await d.open()
          try {
            const f = await seed(o)
            await c.tamper(o, f)
            const v = await o.store.verifyAudit()
            assert.equal(v.ok, false)
            assert.ok(v.problems.some((p) => p.kind === c.expect), `expected a ${c.expect} problem, got ${JSON.stringify(v.problems)}`)
            assert.ok(v.problem)
            if (c.firstBadEvent !== undefined) assert.equal(v.firstBadEventId, c.firstBadEvent)
          } finally {
            await o.cleanup()
          }
        })
      }

      test('chipnav audit verify: exit 0 and OK on an untouched database; exit 1 and the problem once a row is edited', { timeout: 60_000 }, async () => {
        const o = await d.open()
        try {
          const f = await seed(o)
          const env: Record<string, string> = { CHIPNAV_HOME: o.config.home, CHIPNAV_DATABASE_URL: o.config.databaseUrl ?? '' }
          const good = runCli(['audit', 'verify'], { env })
          assert.equal(good.code, 0, good.stderr)
          assert.match(good.stdout, /audit trail OK: 7 events, 6 records checked/)
          await o.exec('update parties set country = ? where id = ?', ['US', f.partyId])
          const bad = runCli(['audit', 'verify', '--json'], { env })
          assert.equal(bad.code, 1, bad.stderr)
          const v = JSON.parse(bad.stdout) as { ok: boolean; problems: { kind: string; entityId?: string }[] }
          assert.equal(v.ok, false)
          assert.deepEqual(v.problems.map((p) => [p.kind, p.entityId]), [['row-edited', f.partyId]])
        } finally {
          await o.cleanup()
        }
      })
    })
  }
})
