/**
 * A child process for the audit verify snapshot test: opens its own store (own connection) and records
 * parties one after another until its stdin closes (or `max` are written), then prints how many.
 * argv: <config JSON> <max>
 */
import { openStore, type StoreConfig } from '../../../src/store/open-store.js'

const [configJson, maxText] = process.argv.slice(2) as [string, string]
const store = await openStore(JSON.parse(configJson) as StoreConfig)
let isStopped = false
process.stdin.on('end', () => (isStopped = true))
process.stdin.resume()
process.stdout.write('ready\n')
let n = 0
while (!isStopped && n < Number(maxText)) await store.createParty({ name: `Busy ${n++}`, country: 'DE', actor: 'writer' })
await store.close()
process.stdout.write(`${n}\n`)
