/**
 * `recordDetermination` with the parties to create and the screenings to queue (records/transaction-hits.ts): one
 * write, all or nothing, on each database. The parties are created and named in `partyIds`, each screening is stored
 * under its party with every hit naming the transaction; a screening that names an unknown stored party or a party
 * index not given writes nothing at all (no party, run, hit, transaction or audit event), and the chain verifies.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import type { RecordDeterminationInput, RecordsStore } from '../../src/records/records-store.js'
import { isAppError } from '../../src/shared/errors.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { storeDialectsUnderTest, type OpenedStore } from './dialects-under-test.js'

const A = 'tester'
const tx = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE' }
const hit = { list: 'el', entryId: 'el-1', entryHash: 'a'.repeat(64), score: 0.95, primaryName: 'Listed Co', matchedName: 'Listed Co', detail: { programs: [] } }
const screening = (party: { partyId: string } | { newParty: number }, name: string) => ({ party, role: 'end-user', query: { name, country: 'AE' }, threshold: 0.85, snapshots: [{ source: 'csl', sha256: 'b'.repeat(64) }], hits: [hit] })

async function counts(o: OpenedStore) {
  const out: Record<string, number> = {}
  for (const t of ['parties', 'screening_runs', 'screening_hits', 'transactions', 'audit_events']) out[t] = Number((await o.exec(`select count(*) as n from ${t}`))[0]!.n)
  return out
}

for (const d of storeDialectsUnderTest()) {
  describe(`a transaction recorded with its screenings (${d.name})`, { skip: d.skip }, () => {
    const result = determine(tx, { rules: loadRules() })
    const input = (extra: Partial<RecordDeterminationInput>): RecordDeterminationInput => ({ transaction: tx, result, actor: A, ...extra })

    test('the parties created are named by the transaction; each screening is stored under its party, its hits naming the transaction', async () => {
      const o = await d.open()
      try {
        const s: RecordsStore = o.store
        const known = await s.createParty({ name: 'Known Buyer', country: 'AE', actor: A })
        const t = await s.recordDetermination(input({ partyIds: [known.id], newParties: [{ name: 'New End User', country: 'AE' }], screenings: [screening({ newParty: 0 }, 'New End User'), screening({ partyId: known.id }, 'Known Buyer')] }))
        assert.equal(t.partyIds.length, 2)
        assert.equal(t.partyIds[0], known.id)
        const created = await s.getParty(t.partyIds[1]!)
        assert.equal(created.name, 'New End User')
        for (const partyId of t.partyIds) {
          const hits = (await s.listHits({ partyId })).items
          assert.equal(hits.length, 1)
          assert.deepEqual((hits[0]!.detail as { transaction: unknown }).transaction, { id: t.id, role: 'end-user' })
        }
        // one write: the events of the party, the runs, the hits and the transaction follow each other, the transaction's last
        const events = (await s.listAuditEvents({ order: 'newest', limit: 6 })).items.reverse()
        assert.deepEqual(events.map((e) => e.action), ['party.created', 'screening.recorded', 'hit.recorded', 'screening.recorded', 'hit.recorded', 'transaction.recorded'])
        assert.ok(events.every((e) => e.at === t.recordedAt))
        assert.equal((await s.verifyAudit()).ok, true)
      } finally {
        await o.cleanup()
      }
    })

    test('a screening the store cannot place (an unknown stored party, a party index not given) writes nothing at all', async () => {
      const o = await d.open()
      try {
        const s: RecordsStore = o.store
        const before = await counts(o)
        await assert.rejects(s.recordDetermination(input({ newParties: [{ name: 'New End User', country: 'AE' }], screenings: [screening({ newParty: 0 }, 'New End User'), screening({ partyId: 'pty_unknown' }, 'Ghost')] })), (e: unknown) => isAppError(e) && e.code === 'NOT_FOUND')
        await assert.rejects(s.recordDetermination(input({ screenings: [screening({ newParty: 0 }, 'Nobody')] })), (e: unknown) => isAppError(e) && e.code === 'VALIDATION_FAILED')
        assert.deepEqual(await counts(o), before)
        assert.equal((await s.verifyAudit()).ok, true)
      } finally {
        await o.cleanup()
      }
    })
  })
}
