/**
 * A party is re-screened under its ultimate parent's and owners' names too: a list update that adds a party's
 * parent (or owner) raises an alert for the party (a hit in its review queue, `hit.new` naming whose name matched)
 * and holds its open transaction — a listed parent or owner is the party's own risk (Affiliates Rule, OFAC 50 %).
 */
import { strict as assert } from 'node:assert'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { InProcessJobQueue } from '../../src/jobs/in-process-queue.js'
import { Monitor } from '../../src/monitoring/monitor.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { importListFiles } from '../../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../../src/screening/snapshots/load-active-snapshots.js'
import { storeDialectsUnderTest } from '../store/dialects-under-test.js'
import { V1, V2, writeCsl } from './fixtures.js'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

async function importCsl(home: string, rows: typeof V1, name: string, now: string) {
  const path = writeCsl(join(home, 'in', name), 'consolidated.csv', rows)
  await importListFiles({ home, files: [{ name: 'consolidated.csv', bytes: readFileSync(path) }], now })
}

for (const dialect of storeDialectsUnderTest()) describe(`re-screen of parents and owners, ${dialect.name}`, { skip: dialect.skip }, () => {
  test('a list update that adds a party’s ultimate parent or owner raises an alert for the party and holds its transaction', async () => {
    const home = mkdtempSync(join(tmpdir(), 'chipnav-mon-related-'))
    const opened = await dialect.open()
    const store = opened.store
    const jobs = new InProcessJobQueue()
    const monitor = new Monitor({ store, home, jobs, logger: quiet, watchIntervalMs: 3_600_000 })
    try {
      await importCsl(home, V1, 'v1', '2026-12-01T00:00:00.000Z')
      // V2 adds "Zephyr Silicon Trading Company" (HK) to the Entity List
      const subsidiary = await store.createParty({ name: 'Aurora Compute Services Pte Ltd', country: 'SG', ultimateParent: { name: 'Zephyr Silicon Trading Company', headquarters: 'HK' }, actor: 'test' })
      const owned = await store.createParty({ name: 'Borealis Data Systems GmbH', country: 'DE', ownership: [{ ownerName: 'Zephyr Silicon Trading Company', ownerCountry: 'HK', share: 0.6 }], actor: 'test' })
      const unrelated = await store.createParty({ name: 'Cirrus Semiconductor Inc', country: 'US', ultimateParent: { name: 'Cirrus Holdings Inc', headquarters: 'US' }, actor: 'test' })
      const { entries, snapshots } = await loadActiveSnapshots(home)
      const rules = loadRules()
      const tx = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 10, to: 'SG', parties: [{ role: 'ultimate-consignee', name: subsidiary.name, country: 'SG' }] }
      const txn = await store.recordDetermination({ transaction: tx, result: determine(tx, { rules, screener: buildScreener({ entries, snapshots }) }), partyIds: [subsidiary.id], actor: 'test' })

      await monitor.start() // the baseline
      await importCsl(home, V2, 'v2', '2026-12-02T00:00:00.000Z')
      await monitor.check()
      await jobs.idle()

      const open = (await store.listHits({ status: 'open', limit: 500 })).items
      const of = (id: string) => open.filter((h) => h.partyId === id)
      assert.deepEqual(of(subsidiary.id).map((h) => [h.entryId, (h.detail as { matchedVia?: unknown }).matchedVia]), [['el-zephyr', { role: 'ultimate-parent', name: 'Zephyr Silicon Trading Company' }]])
      assert.deepEqual(of(owned.id).map((h) => [h.entryId, (h.detail as { matchedVia?: unknown }).matchedVia]), [['el-zephyr', { role: 'owner', name: 'Zephyr Silicon Trading Company' }]])
      assert.equal(of(unrelated.id).length, 0, 'a party whose parent is not listed has no alert')

      const events = (await store.listEvents({ type: 'hit.new', limit: 50 })).items
      assert.deepEqual(events.map((e) => [e.data.partyId, e.data.matchedVia]).sort(), [
        [subsidiary.id, { role: 'ultimate-parent', name: 'Zephyr Silicon Trading Company' }],
        [owned.id, { role: 'owner', name: 'Zephyr Silicon Trading Company' }],
      ].sort())
      const holds = await store.listHolds({ transactionId: txn.id })
      assert.equal(holds.length, 1, "the subsidiary's open transaction is on hold")
      assert.match(holds[0]!.reason, /its ultimate parent "Zephyr Silicon Trading Company"/)
      assert.equal((await store.verifyAudit()).ok, true)
    } finally {
      await monitor.stop()
      await jobs.stop()
      await opened.cleanup()
      rmSync(home, { recursive: true, force: true })
    }
  })
})
