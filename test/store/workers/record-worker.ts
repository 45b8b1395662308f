/**
 * A child process for the write-path test: opens its own store (own connection pool) and, all at once,
 * records `count` determinations (one-statement creates on PostgreSQL), rejects every fifth once it is
 * recorded (a serialised write about the same transaction) and creates `count / 5` parties; prints one
 * JSON line: { recorded, rejected, parties, errors }.
 * argv: <config JSON> <count>
 */
import { openStore, type StoreConfig } from '../../../src/store/open-store.js'

const [configJson, countText] = process.argv.slice(2) as [string, string]
const store = await openStore(JSON.parse(configJson) as StoreConfig)
process.stdout.write('ready\n')
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
const count = Number(countText)
const result = { date: '2025-06-01', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', to: 'CN', quantity: 1, item: { eccn: null }, listSnapshots: [], rulesVersion: 'test' }
const errors: string[] = []
let recorded = 0
let rejected = 0
let parties = 0
const note = (e: unknown) => errors.push(String((e as Error)?.message ?? e))
await Promise.all([
  ...Array.from({ length: count }, async (_, i) => {
    const tx = await store.recordDetermination({ transaction: { date: '2025-06-01' }, result: result as never, actor: `worker-${process.pid}` })
    recorded++
    if (i % 5 === 0) {
      await store.approveTransaction({ transactionId: tx.id, decision: 'rejected', reason: 'write-path test', actor: `approver-${process.pid}` })
      rejected++
    }
  }).map((p) => p.catch(note)),
  ...Array.from({ length: Math.floor(count / 5) }, (_, i) => store.createParty({ name: `Party ${process.pid} ${i}`, country: 'DE', actor: `worker-${process.pid}` }).then(() => parties++, note)),
])
await store.close()
process.stdout.write(`${JSON.stringify({ recorded, rejected, parties, errors })}\n`)
process.stdin.destroy()
