/**
 * The write path (issue 15): on PostgreSQL a stored determination goes through its process's lane, one
 * statement for the creates queued meanwhile that chains their events from the head the process predicts,
 * or leaves them waiting in `audit_pending` (MACed) and chains them from the head it found in a transaction that
 * holds the head, before the write answers (the answer text compressed with lz4 where the server has it); writers
 * in several processes and connections run at once. On both databases: writers in two processes and two
 * stores produce one chain that verifies, in which an event about a transaction follows the event that
 * recorded it; a create the database refuses leaves neither row nor event; and (PostgreSQL, where events
 * wait) a waiting event edited or inserted again is never chained and verify reports it.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { openStore } from '../../src/store/open-store.js'
import { resolveAuditKey } from '../../src/store/audit-key.js'
import { pendingRow } from '../../src/store/audit-pending.js'
import { REPO_ROOT } from '../helpers/paths.js'
import { storeDialectsUnderTest, type OpenedStore } from './dialects-under-test.js'
import { runWorkers } from './workers/run-workers.js'

const WORKER = join(REPO_ROOT, 'test/store/workers/record-worker.ts')
type WorkerResult = { recorded: number; rejected: number; parties: number; errors: string[] }
const RESULT = { date: '2025-06-01', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', to: 'CN', quantity: 1, item: { eccn: null }, listSnapshots: [], rulesVersion: 'test' }
const record = (o: { store: OpenedStore['store'] }, reference?: string) => o.store.recordDetermination({ transaction: { date: '2025-06-01' }, result: RESULT as never, actor: 'analyst', ...(reference ? { reference } : {}) })

async function pendingCount(o: OpenedStore): Promise<number> {
  return Number((await o.exec('select count(*) as n from audit_pending'))[0]!.n)
}

/** Every event about a transaction's decision comes after the event that recorded the transaction. */
async function assertRecordedBeforeDecided(o: OpenedStore): Promise<number> {
  const rows = await o.exec("select seq, action, entity_id from audit_events where entity_type in ('transaction', 'transaction-approval') order by seq")
  const recordedAt = new Map<string, number>()
  let decisions = 0
  for (const r of rows) {
    if (r.action === 'transaction.recorded') recordedAt.set(String(r.entity_id), Number(r.seq))
    else {
      decisions++
      assert.ok((recordedAt.get(String(r.entity_id)) ?? Infinity) < Number(r.seq), `${String(r.action)} of ${String(r.entity_id)} follows its recording`)
    }
  }
  return decisions
}

describe('write path', () => {
  for (const d of storeDialectsUnderTest()) {
    describe(d.name, { skip: d.skip }, () => {
      test('two processes record determinations, reject some and create parties at once: one chain that verifies, each decision after its recording', { timeout: 120_000 }, async () => {
        const o = await d.open()
        try {
          const results = await runWorkers<WorkerResult>(WORKER, [JSON.stringify(o.config), '40'], 2)
          assert.deepEqual(results.flatMap((r) => r.errors), [])
          assert.deepEqual(
            results.map((r) => [r.recorded, r.rejected, r.parties]),
            [
              [40, 8, 8],
              [40, 8, 8],
            ],
          )
          const v = await o.store.verifyAudit()
          assert.equal(v.ok, true, v.problem)
          assert.equal(v.checked, 2 * (40 + 8 + 8))
          assert.equal(await pendingCount(o), 0)
          assert.equal(await assertRecordedBeforeDecided(o), 16)
          const seqs = (await o.exec('select seq from audit_events order by seq')).map((r) => Number(r.seq))
          assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1))
        } finally {
          await o.cleanup()
        }
      })

      // SQLite: two stores in one thread would wait on each other synchronously (better-sqlite3); the two processes above cover it
      test('two stores (two connection pools) writing at once: every event chained when its write answers, and the chain verifies from either', { skip: d.name === 'sqlite' ? 'two SQLite stores in one thread block each other; two processes are tested above' : false }, async () => {
        const o = await d.open()
        let other: Awaited<ReturnType<typeof openStore>> | undefined
        try {
          const second = await openStore(o.config)
          other = second
          await Promise.all([...Array.from({ length: 30 }, () => record(o)), ...Array.from({ length: 30 }, () => record({ store: second })), ...Array.from({ length: 5 }, (_, i) => second.createParty({ name: `P ${i}`, country: 'DE', actor: 'analyst' }))])
          assert.equal(await pendingCount(o), 0)
          assert.equal((await o.store.listAuditEvents({ limit: 100 })).items.length, 65)
          for (const s of [o.store, second]) {
            const v = await s.verifyAudit()
            assert.equal(v.ok, true, v.problem)
            assert.equal(v.checked, 65)
          }
        } finally {
          await other?.close()
          await o.cleanup()
        }
      })

      test('an answer with text outside ASCII is stored as its UTF-8 bytes once encoded: it reads back as written, its hash holds, and the bytes answered are the text', async () => {
        const o = await d.open()
        try {
          const note = 'Export — to Zürich, 東京 and 𝄞 (a pair of surrogates), ¶ 742.6'
          const result = { ...RESULT, reasons: [{ ruleId: 'r', text: note, citations: [] }] }
          const stored = await o.store.recordDetermination({ transaction: { date: '2025-06-01', note }, result: result as never, actor: 'analyst' })
          assert.equal(Buffer.from(stored.resultUtf8).toString('utf8'), stored.resultJson)
          assert.equal(stored.resultJson, JSON.stringify(result))
          const back = await o.store.getTransaction(stored.id)
          assert.deepEqual(back.result, result)
          assert.deepEqual(back.transaction, { date: '2025-06-01', note })
          const [row] = await o.exec('select result from transactions where id = ?', [stored.id])
          assert.equal(row!.result, stored.resultJson)
          const v = await o.store.verifyAudit()
          assert.equal(v.ok, true, v.problem)
          assert.equal(v.checked, 1)
        } finally {
          await o.cleanup()
        }
      })

      test('a determination the database refuses leaves neither its row nor its audit event', async () => {
        const o = await d.open()
        try {
          await record(o, 'PO-1')
          if (d.name === 'postgres') await o.exec("alter table transactions add constraint refuse_fail check (reference is null or reference <> 'FAIL')")
          else await o.exec("create trigger refuse_fail before insert on transactions when new.reference = 'FAIL' begin select raise(abort, 'refused'); end")
          await assert.rejects(record(o, 'FAIL'))
          assert.equal(Number((await o.exec("select count(*) as n from transactions where reference = 'FAIL'"))[0]!.n), 0)
          assert.equal(await pendingCount(o), 0)
          await record(o, 'PO-2')
          const v = await o.store.verifyAudit()
          assert.equal(v.ok, true, v.problem)
          assert.equal(v.checked, 2)
        } finally {
          await o.cleanup()
        }
      })

      test('determinations sent at once, one of which the database refuses: only that one fails, the others are stored and chained', async () => {
        const o = await d.open()
        try {
          await record(o, 'PO-0')
          if (d.name === 'postgres') await o.exec("alter table transactions add constraint refuse_fail check (reference is null or reference <> 'FAIL')")
          else await o.exec("create trigger refuse_fail before insert on transactions when new.reference = 'FAIL' begin select raise(abort, 'refused'); end")
          // on PostgreSQL the ones queued behind the first go into one statement together (create-lane.ts)
          const settled = await Promise.allSettled(['PO-1', 'PO-2', 'FAIL', 'PO-3', 'PO-4', 'PO-5', 'PO-6'].map((r) => record(o, r)))
          assert.deepEqual(settled.map((x) => x.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
          assert.equal(Number((await o.exec('select count(*) as n from transactions'))[0]!.n), 7)
          assert.equal(await pendingCount(o), 0)
          const v = await o.store.verifyAudit()
          assert.equal(v.ok, true, v.problem)
          assert.equal(v.checked, 7)
        } finally {
          await o.cleanup()
        }
      })
    })
  }

  const pg = storeDialectsUnderTest().find((x) => x.name === 'postgres')!
  describe('postgres: a create whose predicted head is gone', { skip: pg.skip }, () => {
    test('another store moved the chain head since this store last wrote: the events wait, are chained from the head found before the writes answer, and the chain verifies', async () => {
      const o = await pg.open()
      const second = await openStore(o.config)
      try {
        for (let round = 0; round < 3; round++) {
          // each store's lane predicts the head its own last statement left; the other store moved it meanwhile
          await Promise.all(Array.from({ length: 4 }, () => record(o)))
          await record({ store: second })
          await Promise.all(Array.from({ length: 3 }, () => record({ store: second })))
          assert.equal(await pendingCount(o), 0, `round ${round}: every event chained when its write answered`)
        }
        const v = await o.store.verifyAudit()
        assert.equal(v.ok, true, v.problem)
        assert.equal(v.checked, 3 * 8)
        const seqs = (await o.exec('select seq from audit_events order by seq')).map((r) => Number(r.seq))
        assert.deepEqual(seqs, Array.from({ length: 24 }, (_, i) => i + 1))
      } finally {
        await second.close()
        await o.cleanup()
      }
    })

    test('while another store writes too (a batch that finds the head moved is chained in a transaction that holds it): a refused create fails alone, the others are chained before they answer, seqs without a gap', async () => {
      const o = await pg.open()
      const second = await openStore(o.config)
      try {
        await o.exec("alter table transactions add constraint refuse_fail check (reference is null or reference <> 'FAIL')")
        let expected = 0
        for (let round = 0; round < 3; round++) {
          // the second store moves the head between o's batches: o's lane finds it moved and chains in a transaction
          await record(o)
          await record({ store: second })
          await record(o)
          await record({ store: second })
          const refs = ['A', 'B', 'FAIL', 'C', 'D']
          const settled = await Promise.allSettled([...refs.map((r) => record(o, `${r}-${round}`.replace(`FAIL-${round}`, 'FAIL'))), ...Array.from({ length: 3 }, () => record({ store: second }))])
          assert.deepEqual(settled.map((x) => x.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
          expected += 4 + 4 + 3
          assert.equal(await pendingCount(o), 0, `round ${round}: every event chained when its write answered`)
        }
        const v = await o.store.verifyAudit()
        assert.equal(v.ok, true, v.problem)
        assert.equal(v.checked, expected)
        const seqs = (await o.exec('select seq from audit_events order by seq')).map((r) => Number(r.seq))
        assert.deepEqual(seqs, Array.from({ length: expected }, (_, i) => i + 1))
        assert.equal(Number((await o.exec('select count(*) as n from transactions'))[0]!.n), expected)
      } finally {
        await second.close()
        await o.cleanup()
      }
    })
  })

  describe('postgres: waiting events', { skip: pg.skip }, () => {
    const insertPending = (o: OpenedStore, r: ReturnType<typeof pendingRow>) =>
      o.exec('insert into audit_pending (id, at, actor, action, entity_type, entity_id, before_hash, after_hash, data, mac) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [r.id, r.at, r.actor, r.action, r.entity_type, r.entity_id, r.before_hash, r.after_hash, r.data, r.mac])

    test('a waiting event edited outside chipnav is never chained, and verify reports it', async () => {
      const o = await pg.open()
      try {
        const tx = await record(o)
        const key = resolveAuditKey({ home: o.config.home })
        const valid = pendingRow(key, 'aud_0000test0000', new Date().toISOString(), 'analyst', { action: 'transaction.recorded', entityType: 'transaction', entityId: tx.id, beforeHash: null, afterHash: 'f'.repeat(64), data: { verdict: 'LICENSE_REQUIRED' } })
        await insertPending(o, { ...valid, entity_id: 'txn_forged', data: JSON.stringify({ verdict: 'NO_LICENSE_REQUIRED' }) })
        await record(o) // its append passes the edited event by
        assert.equal(await pendingCount(o), 1)
        const v = await o.store.verifyAudit()
        assert.equal(v.ok, false)
        assert.equal(v.checked, 2)
        assert.ok(v.problems.some((p) => p.kind === 'event-edited' && /does not match its MAC/.test(p.detail)), v.problem)
      } finally {
        await o.cleanup()
      }
    })

    test('a stored answer is compressed with lz4 where the server has lz4, and reads back as written', async () => {
      const o = await pg.open()
      try {
        const [lz4] = await o.exec("select 'lz4' = any(enumvals) as has from pg_settings where name = 'default_toast_compression'")
        const [col] = await o.exec("select attcompression as c from pg_attribute where attrelid = 'transactions'::regclass and attname = 'result'")
        assert.equal(col!.c, lz4!.has === true ? 'l' : '')
        const long = { ...RESULT, reasons: Array.from({ length: 200 }, (_, i) => ({ ruleId: `r${i}`, text: `reason ${i} `.repeat(10), citations: [] })) }
        const tx = await o.store.recordDetermination({ transaction: { date: '2025-06-01' }, result: long as never, actor: 'analyst' })
        assert.deepEqual((await o.store.getTransaction(tx.id)).result, long)
        assert.equal((await o.store.verifyAudit()).ok, true)
      } finally {
        await o.cleanup()
      }
    })

    test('a waiting event inserted again after it was chained is never chained twice, and verify reports it', async () => {
      const o = await pg.open()
      try {
        const tx = await record(o)
        const [e] = await o.exec("select * from audit_events where action = 'transaction.recorded' and entity_id = ?", [tx.id])
        const key = resolveAuditKey({ home: o.config.home })
        const again = pendingRow(key, 'aud_0000test0001', String(e!.at), String(e!.actor), { action: 'transaction.recorded', entityType: 'transaction', entityId: tx.id, beforeHash: null, afterHash: String(e!.after_hash), data: e!.data as never })
        await insertPending(o, again)
        await record(o)
        assert.equal(Number((await o.exec("select count(*) as n from audit_events where entity_id = ?", [tx.id]))[0]!.n), 1)
        const v = await o.store.verifyAudit()
        assert.equal(v.ok, false)
        assert.ok(v.problems.some((p) => p.kind === 'event-edited' && /already in the chain/.test(p.detail)), v.problem)
      } finally {
        await o.cleanup()
      }
    })
  })
})
