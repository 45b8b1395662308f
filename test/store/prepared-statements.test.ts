/**
 * PostgreSQL keeps the store's hot statements prepared per connection (src/store/prepared.ts). A prepared statement
 * outlives a change to its table made meanwhile by another process (a migration adding a column: PostgreSQL refuses
 * to run a prepared "select *" whose result shape changed, "cached plan must not change result type"), and one the
 * server no longer has (DISCARD ALL, a pooler): the store prepares it again and the write's event is chained before
 * it answers, instead of every append on that connection failing from then on.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { storeDialectsUnderTest, type OpenedStore } from './dialects-under-test.js'

/** A stored transaction (a minimal answer): the write that goes through the one-statement create and the append. */
const record = (o: OpenedStore) =>
  o.store.recordDetermination({ transaction: { date: '2025-02-02' }, result: { date: '2025-02-02', regime: 'as-enforced', verdict: 'NLR', listSnapshots: [], rulesVersion: 'test' } as never, actor: 'alice' })

const pgUnderTest = storeDialectsUnderTest().find((d) => d.name === 'postgres')!

describe('prepared statements (PostgreSQL)', { skip: pgUnderTest.skip }, () => {
  test('a column added to audit_pending meanwhile: creates still answer with their event chained', async () => {
    const o = await pgUnderTest.open()
    try {
      // prepare the create and the append's statements on the pool's connections
      for (let i = 0; i < 4; i++) await record(o)
      await o.exec('alter table audit_pending add column note text')
      for (let i = 0; i < 4; i++) {
        await record(o)
        assert.deepEqual(await o.exec('select id from audit_pending'), [], `create ${i}: its event is chained before it answers`)
      }
      const v = await o.store.verifyAudit()
      assert.equal(v.ok, true, v.problem)
      assert.equal(v.head.seq, 8)
    } finally {
      await o.cleanup()
    }
  })
})
