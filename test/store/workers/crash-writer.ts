/**
 * A child process for the crash test: writes in a loop and prints `ack <kind> <id>` after each write
 * the store acknowledged (committed). The parent kills it with SIGKILL mid-stream.
 * argv: <config JSON>
 */
import { openStore, type StoreConfig } from '../../../src/store/open-store.js'

const store = await openStore(JSON.parse(process.argv[2]!) as StoreConfig)
const lic = await store.createLicense({ number: `CRASH-${process.pid}`, destinations: ['AE'], authorizedQuantity: 1_000_000, validFrom: '2025-01-01', validTo: '2030-12-31', actor: 'crash' })
process.stdout.write(`ack license ${lic.id}\n`)
for (let i = 0; ; i++) {
  if (i % 2 === 0) {
    const p = await store.createParty({ name: `Crash Party ${i}`, country: 'AE', ownership: [{ ownerName: 'Owner', share: 0.5 }], actor: 'crash' })
    process.stdout.write(`ack party ${p.id}\n`)
  } else {
    const s = await store.recordShipment({ licenseId: lic.id, override: { reason: 'licence depletion test: no transaction recorded' }, quantity: 1, shippedOn: '2025-06-01', destination: 'AE', actor: 'crash' })
    process.stdout.write(`ack shipment ${s.shipment.id} ${s.license.usedQuantity}\n`)
  }
}
