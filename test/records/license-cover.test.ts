/** What a licence's item names: a chip id, or words all in the id (generic words and memory sizes name nothing). */
import { strict as assert } from 'node:assert'
import { test } from 'node:test'
import { itemNamesChip, licenseCoverGaps } from '../../src/records/license-cover.js'

test('an item names a chip by its id or by words all in the id; a model number is never a prefix of another', () => {
  for (const item of ['nvidia-h100-sxm', 'NVIDIA H100', 'H100 GPUs', 'NVIDIA H100 SXM5 80GB', 'nvidia h100 sxm']) assert.ok(itemNamesChip(item, 'nvidia-h100-sxm'), item)
  for (const item of ['H20', 'NVIDIA H200', 'amd-mi300x', 'H100 PCIe', 'GPUs', '']) assert.ok(!itemNamesChip(item, 'nvidia-h100-sxm'), item)
  assert.ok(!itemNamesChip('nvidia-h20', 'nvidia-h200'))
  assert.ok(!itemNamesChip('nvidia-h200', 'nvidia-h20'))
  assert.ok(itemNamesChip('MI300X accelerators', 'amd-mi300x'))
})

test('the cover check: items, parties (by name, any case and punctuation) and units left; the units can be left to the shipment', () => {
  const license = { number: 'D1', validFrom: '2025-01-01', validTo: '2025-12-31', destinations: ['AE'], eccns: ['3A090'], items: ['nvidia-h100-sxm'], parties: ['EXAMPLE CLOUD, FZ-LLC'], authorizedQuantity: 10, usedQuantity: 4 }
  const tx = { to: 'AE', item: { eccn: '3A090.a', chips: ['nvidia-h100-sxm'] }, quantity: 6, parties: [{ role: 'end-user', name: 'Example Cloud FZ LLC' }] }
  assert.deepEqual(licenseCoverGaps(license, '2025-06-01', tx), [])
  assert.deepEqual(licenseCoverGaps(license, '2025-06-01', { ...tx, quantity: 7 }), ['it has 6 of its 10 units left, and the transaction is for 7'])
  assert.deepEqual(licenseCoverGaps(license, '2025-06-01', { ...tx, quantity: 7 }, { quantity: false }), [])
  assert.equal(licenseCoverGaps(license, '2025-06-01', { ...tx, parties: [...tx.parties, { role: 'intermediate-consignee', name: 'Freight Forwarder Ltd' }] }).length, 1)
  assert.deepEqual(licenseCoverGaps({ ...license, parties: ['pty_1'] }, '2025-06-01', tx, { partyNames: new Map([['pty_1', 'Example Cloud FZ-LLC']]) }), [])
})
