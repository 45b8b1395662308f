/**
 * A child process for the concurrency test: opens its own store (own connection) and fires `count`
 * shipments of 1 unit and `count` allocations of 1 TPP (cap 10) all at once, then prints one JSON line:
 * { shipments: { ok, refused }, allocations: { ok, refused }, errors }.
 * argv: <config JSON> <licenseId> <count>
 */
import { openStore, type StoreConfig } from '../../../src/store/open-store.js'
import { isAppError } from '../../../src/shared/errors.js'

const [configJson, licenseId, countText] = process.argv.slice(2) as [string, string, string]
const store = await openStore(JSON.parse(configJson) as StoreConfig)
// wait for the parent's go signal on stdin so every process starts writing at the same time
process.stdout.write('ready\n')
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
const count = Number(countText)
const shipments = Array.from({ length: count }, (_, i) => store.recordShipment({ licenseId, override: { reason: 'licence depletion test: no transaction recorded' }, quantity: 1, shippedOn: '2025-06-01', destination: 'CN', actor: `worker-${process.pid}-${i}` }))
const allocations = Array.from({ length: count }, (_, i) => store.recordAllocation({ kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1, cap: 10, actor: `worker-${process.pid}-${i}` }))
const errors: string[] = []
function tally(results: PromiseSettledResult<unknown>[]): { ok: number; refused: number } {
  let ok = 0
  let refused = 0
  for (const r of results) {
    if (r.status === 'fulfilled') ok++
    else if (isAppError(r.reason) && (r.reason.code === 'LICENSE_OVERDRAWN' || r.reason.code === 'ALLOCATION_EXCEEDED')) refused++
    else errors.push(String((r.reason as Error)?.message ?? r.reason))
  }
  return { ok, refused }
}
const [s, a] = await Promise.all([Promise.allSettled(shipments), Promise.allSettled(allocations)])
const result = { shipments: tally(s), allocations: tally(a), errors }
await store.close()
process.stdout.write(`${JSON.stringify(result)}\n`)
process.stdin.destroy()
