/**
 * Lists a person can read (new-user review): the transactions list tells deals apart (item, quantity,
 * destination, end user, verdict) and the audit trail, transactions, their decisions and screening hits name
 * their actors (`actorLabel`, `recordedByLabel`, `decidedByLabel`, `reviewedByLabel`: an API key's label, a
 * user's name) beside the raw actor, which stays the record. SQLite always; PostgreSQL when
 * CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>

for (const dialect of storeDialectsUnderTest()) {
  describe(`readable lists (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    test('GET /v1/transactions names each deal: item, quantity, destination, end user and verdict', async () => {
      const uae = await t.call('POST', '/v1/transactions', { as: 'analyst', body: { transaction: example('h100-to-uae.json'), reference: 'PO 4711' } })
      assert.equal(uae.statusCode, 201, uae.body)
      const byEccn = await t.call('POST', '/v1/transactions', { as: 'analyst', body: { transaction: { date: '2025-06-01', item: { eccn: '4A090.a' }, quantity: 2, to: 'IN' } } })
      assert.equal(byEccn.statusCode, 201, byEccn.body)
      const items = (await t.call('GET', '/v1/transactions', { as: 'viewer' })).json().items as Record<string, unknown>[]
      const deal = (id: string) => {
        const x = items.find((i) => i.id === id)!
        return { item: x.item, quantity: x.quantity, destination: x.destination, endUser: x.endUser, verdict: x.verdict }
      }
      assert.deepEqual(deal(uae.json().id), { item: 'nvidia-h100-sxm', quantity: 8, destination: 'AE', endUser: 'Example Cloud LLC', verdict: uae.json().verdict })
      assert.deepEqual(deal(byEccn.json().id), { item: '4A090.a', quantity: 2, destination: 'IN', endUser: null, verdict: byEccn.json().verdict })
      // the audit chain still verifies: the deal is read from the stored transaction, not a new column
      assert.equal((await t.call('GET', '/v1/audit/verify', { as: 'viewer' })).json().ok, true)
    })

    test('GET /v1/audit gives each actor a readable label beside the raw actor', async () => {
      const { apiKey: unlabelled } = await t.store.createApiKey({ role: 'analyst', actor: 'cli:test' })
      await t.store.createUser({ username: 'officer', role: 'approver', passwordHash: 'scrypt$x', actor: 'cli:test' })
      const viaKey = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Labelled Key Trading', country: 'AE' } })
      assert.equal(viaKey.statusCode, 201, viaKey.body)
      await t.store.createParty({ name: 'Unlabelled Key Trading', country: 'AE', actor: `key:${unlabelled.id}` })
      await t.store.createParty({ name: 'Signed In Trading', country: 'AE', actor: 'user:officer' })
      const events = (await t.call('GET', '/v1/audit?entityType=party&limit=500', { as: 'viewer' })).json().items as { entityId: string; actor: string; actorLabel: string | null }[]
      const of = (id: string) => events.find((e) => e.entityId === id)!
      const keyEvent = of(viaKey.json().id)
      assert.match(keyEvent.actor, /^key:/, 'the raw actor stays as recorded')
      assert.equal(keyEvent.actorLabel, 'test analyst (analyst key)')
      const labels = Object.fromEntries(events.map((e) => [e.actor, e.actorLabel]))
      assert.equal(labels[`key:${unlabelled.id}`], 'unlabelled analyst key')
      assert.ok(!Object.values(labels).some((l) => l?.includes(unlabelled.prefix)), 'no label shows the key prefix (part of the secret)')
      assert.equal(labels['user:officer'], 'officer (approver)')
      const keyCreated = (await t.call('GET', '/v1/audit?entityType=api-key&limit=1', { as: 'viewer' })).json().items[0]
      assert.deepEqual([keyCreated.actor, keyCreated.actorLabel], ['cli:test', null], 'an actor readable as it is has no label')
    })

    test('GET /v1/audit newest first (order=newest, pages going back) and by action and actor', async () => {
      for (const name of ['Audit Order One', 'Audit Order Two', 'Audit Order Three']) await t.store.createParty({ name, country: 'AE', actor: 'user:auditor' })
      await t.store.createApiKey({ role: 'viewer', actor: 'user:auditor' })
      const get = async (query: string) => (await t.call('GET', `/v1/audit?${query}`, { as: 'viewer' })).json() as { items: { seq: number; action: string; actor: string }[]; nextCursor: string | null }
      const oldest = (await get('limit=500')).items.map((e) => e.seq)
      const newest = (await get('order=newest&limit=500')).items.map((e) => e.seq)
      assert.deepEqual(newest, [...oldest].reverse())
      // pages going back in time: the second page holds the events before the first one's
      const first = await get('order=newest&limit=2')
      const second = await get(`order=newest&limit=2&cursor=${first.nextCursor}`)
      assert.deepEqual([...first.items, ...second.items].map((e) => e.seq), newest.slice(0, 4))
      const byAuditor = (await get('actor=user:auditor&order=newest')).items
      assert.deepEqual(byAuditor.map((e) => e.action), ['api-key.created', 'party.created', 'party.created', 'party.created'])
      const created = (await get('actor=user:auditor&action=party.created')).items
      assert.equal(created.length, 3)
      assert.ok(created[0]!.seq < created[2]!.seq, 'oldest first unless asked')
      const bad = await t.call('GET', '/v1/audit?action=party.renamed', { as: 'viewer' })
      assert.equal(bad.statusCode, 400, 'an unknown action is refused, naming the field')
    })

    test('transactions name who recorded them and who decided (`recordedByLabel`, `decidedByLabel`) beside the raw actors', async () => {
      const viaKey = await t.call('POST', '/v1/transactions', { as: 'analyst', body: { transaction: example('h100-to-uae.json') } })
      assert.equal(viaKey.statusCode, 201, viaKey.body)
      const keyId = viaKey.json().id as string
      const stored = (await t.call('GET', `/v1/transactions/${keyId}`, { as: 'viewer' })).json()
      assert.equal(stored.verdict, 'LICENSE_REQUIRED', 'a transaction an approver decides on')
      const viaCli = await t.store.recordDetermination({ transaction: stored.transaction, result: stored.result, actor: 'cli:test' })
      const decided = await t.call('POST', `/v1/transactions/${keyId}/approval`, { as: 'approver', body: { decision: 'rejected', reason: 'end user not vetted' } })
      assert.equal(decided.statusCode, 201, decided.body)
      assert.match(decided.json().decidedBy, /^key:/)
      assert.equal(decided.json().decidedByLabel, 'test approver (approver key)')
      await t.store.approveTransaction({ transactionId: viaCli.id, decision: 'rejected', reason: 'end user not vetted', actor: 'cli:officer' }) // four eyes: not its recorder

      const byKey = (await t.call('GET', `/v1/transactions/${keyId}`, { as: 'viewer' })).json()
      assert.match(byKey.recordedBy, /^key:/, 'the raw actor stays as recorded')
      assert.equal(byKey.recordedByLabel, 'test analyst (analyst key)')
      assert.match(byKey.approval.decidedBy, /^key:/)
      assert.equal(byKey.approval.decidedByLabel, 'test approver (approver key)')
      const byCli = (await t.call('GET', `/v1/transactions/${viaCli.id}`, { as: 'viewer' })).json()
      assert.deepEqual([byCli.recordedBy, byCli.recordedByLabel, byCli.approval.decidedBy, byCli.approval.decidedByLabel], ['cli:test', null, 'cli:officer', null])

      const listed = (await t.call('GET', '/v1/transactions?limit=500', { as: 'viewer' })).json().items as { id: string; recordedByLabel: string | null; approval: { decidedByLabel: string | null } | null }[]
      const inList = (id: string) => listed.find((x) => x.id === id)!
      assert.deepEqual([inList(keyId).recordedByLabel, inList(keyId).approval?.decidedByLabel], ['test analyst (analyst key)', 'test approver (approver key)'])
      assert.deepEqual([inList(viaCli.id).recordedByLabel, inList(viaCli.id).approval?.decidedByLabel], [null, null])
    })

    test('screening hits name who reviewed them (`reviewedByLabel`) beside the raw actor', async () => {
      const screen = async () => {
        const r = await t.call('POST', '/v1/screenings', { as: 'analyst', body: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } })
        assert.equal(r.statusCode, 201, r.body)
        const hit = r.json().hits.find((h: { entryId: string }) => h.entryId === 'el-huawei-technologies')
        assert.deepEqual([hit.status, hit.reviewedBy, hit.reviewedByLabel], ['open', null, null])
        return { runId: r.json().id as string, hitId: hit.id as string }
      }
      const [viaKey, viaCli] = [await screen(), await screen()]
      const reviewed = await t.call('POST', `/v1/screenings/${viaKey.runId}/hits/${viaKey.hitId}/review`, { as: 'approver', body: { decision: 'confirmed', reason: 'same company' } })
      assert.equal(reviewed.statusCode, 200, reviewed.body)
      assert.match(reviewed.json().reviewedBy, /^key:/, 'the raw actor stays as recorded')
      assert.equal(reviewed.json().reviewedByLabel, 'test approver (approver key)')
      await t.store.reviewHit({ hitId: viaCli.hitId, decision: 'confirmed', reason: 'same company', actor: 'cli:test' })

      const hitOf = async (x: { runId: string; hitId: string }) => (await t.call('GET', `/v1/screenings/${x.runId}`, { as: 'viewer' })).json().hits.find((h: { id: string }) => h.id === x.hitId)
      assert.equal((await hitOf(viaKey)).reviewedByLabel, 'test approver (approver key)')
      assert.deepEqual([(await hitOf(viaCli)).reviewedBy, (await hitOf(viaCli)).reviewedByLabel], ['cli:test', null])
      const confirmed = (await t.call('GET', '/v1/screenings/hits?status=confirmed&limit=500', { as: 'viewer' })).json().items as { id: string; reviewedByLabel: string | null }[]
      assert.deepEqual([viaKey.hitId, viaCli.hitId].map((id) => confirmed.find((h) => h.id === id)?.reviewedByLabel), ['test approver (approver key)', null])
    })
  })
}
