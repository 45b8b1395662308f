/** The periodic checks raise certificate.expiring, list.stale and audit.verify-failed once each. */
import { strict as assert } from 'node:assert'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import { runHealthChecks } from '../../src/monitoring/health-checks.js'
import { verifyAuditInWorker } from '../../src/server/audit-verify-worker.js'
import { importListFiles } from '../../src/screening/snapshots/import-list.js'
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js'
import { V1, writeCsl } from './fixtures.js'
import { REPO_ROOT } from '../helpers/paths.js'

test('an expiring end-user certificate, a stale list and a broken audit chain each raise one event', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-health-'))
  const store = await openStore({ home })
  try {
    const path = writeCsl(join(home, 'in'), 'consolidated.csv', V1)
    await importListFiles({ home, files: [{ name: 'consolidated.csv', bytes: readFileSync(path) }], now: '2026-11-01T00:00:00.000Z' })
    const doc = await store.addDocument({ kind: 'end-user-certificate', bytes: new TextEncoder().encode('EUC'), eventOn: '2026-11-01', expiresOn: '2026-12-20', actor: 'test' })
    const now = new Date('2026-12-07T12:00:00Z')
    const first = await runHealthChecks({ store, home, now })
    assert.deepEqual(first.map((e) => e.type).sort(), ['certificate.expiring', 'list.stale'])
    assert.equal(first.find((e) => e.type === 'certificate.expiring')!.data.documentId, doc.id)
    // the same checks again raise nothing new in the feed
    await runHealthChecks({ store, home, now })
    assert.equal((await store.listEvents()).items.length, 2)
    // a row edited behind the store's back
    const raw = new BetterSqlite3(join(home, SQLITE_FILE_NAME))
    raw.prepare('update documents set note = ? where id = ?').run('edited', doc.id)
    raw.close()
    const third = await runHealthChecks({ store, home, now })
    assert.ok(third.some((e) => e.type === 'audit.verify-failed'))
    assert.equal((await store.listEvents({ type: 'audit.verify-failed' })).items.length, 1)
  } finally {
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test('list.stale ages a list by its publisher\'s date against its own limit, as the answers do; an undated list raises list.undated once, not list.stale', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-health-'))
  const store = await openStore({ home })
  try {
    // a CSL published 2026-12-01, imported 2026-11-01 would be impossible; imported on 2026-12-01 and judged 2026-12-10:
    // 9 days old by its date — over the old 8 days from the import, within the CSL's 14-day limit
    const path = writeCsl(join(home, 'in'), 'consolidated.csv', V1)
    await importListFiles({ home, files: [{ name: 'consolidated.csv', bytes: readFileSync(path) }], now: '2026-12-01T00:00:00.000Z', published: '2026-12-01' })
    // OFAC's legacy CSV states no date: its age is unknown (not counted from the import)
    await importListFiles({ home, files: ['sdn.csv', 'add.csv', 'alt.csv'].map((n) => ({ name: n, bytes: readFileSync(join(REPO_ROOT, 'test/fixtures/lists', n)) })), now: '2026-12-09T00:00:00.000Z' })
    const first = await runHealthChecks({ store, home, now: new Date('2026-12-10T12:00:00Z'), isAuditChecked: false })
    assert.deepEqual(first.map((e) => [e.type, e.data.source]), [['list.undated', 'sdn']])
    assert.match(String(first[0]!.data.message), /SDN snapshot's publication date is unknown/)
    assert.equal(first[0]!.data.ageDays, null)
    await runHealthChecks({ store, home, now: new Date('2026-12-11T12:00:00Z'), isAuditChecked: false })
    assert.deepEqual((await store.listEvents()).items.map((e) => e.type), ['list.undated'], 'once per snapshot')
    // past the CSL's limit by its publication date: stale, once; a limit is configuration
    const later = await runHealthChecks({ store, home, now: new Date('2026-12-16T12:00:00Z'), isAuditChecked: false })
    assert.deepEqual(later.filter((e) => e.type === 'list.stale').map((e) => [e.type, e.data.source, e.data.listDate, e.data.ageDays, e.data.maxAgeDays]), [['list.stale', 'csl', '2026-12-01', 15, 14]])
    assert.deepEqual((await store.listEvents()).items.map((e) => e.type), ['list.undated', 'list.stale'])
    assert.deepEqual(await runHealthChecks({ store, home, now: new Date('2026-12-16T12:00:00Z'), isAuditChecked: false, maxListAge: {} }), [], 'no limit, nothing to judge')
  } finally {
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test('a snapshot whose alias file has listings its primary file lacks raises list.incomplete once, with the caution stored with it', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-health-'))
  const store = await openStore({ home })
  try {
    const alt = `${readFileSync(join(REPO_ROOT, 'test/fixtures/lists/alt.csv'), 'utf8').replace(/\x1a\s*$/, '')}990001,1,"aka","HALCYON TIDEWATER MARINE SERVICES",-0- \n`
    const files = [{ name: 'sdn.csv', text: readFileSync(join(REPO_ROOT, 'test/fixtures/lists/sdn.csv'), 'utf8') }, { name: 'alt.csv', text: alt }]
    const r = await importListFiles({ home, files: files.map((f) => ({ name: f.name, bytes: new TextEncoder().encode(f.text) })), now: '2026-12-09T00:00:00.000Z', published: '2026-12-08' })
    assert.match(r.snapshots[0]!.cautions?.[0] ?? '', /^the alias file has 1 listing the primary file lacks/)
    const first = await runHealthChecks({ store, home, now: new Date('2026-12-10T12:00:00Z'), isAuditChecked: false })
    assert.deepEqual(first.map((e) => [e.type, e.data.source]), [['list.incomplete', 'sdn']])
    assert.match(String(first[0]!.data.message), /those listings|screened by their alias names only/i)
    await runHealthChecks({ store, home, now: new Date('2026-12-11T12:00:00Z'), isAuditChecked: false })
    assert.deepEqual((await store.listEvents()).items.map((e) => e.type), ['list.incomplete'], 'once per snapshot')
  } finally {
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test("the server's health check verifies on a worker thread with its own connection, and still finds an edited row", async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-health-'))
  const store = await openStore({ home })
  try {
    const doc = await store.addDocument({ kind: 'purchase-order', bytes: new TextEncoder().encode('PO'), eventOn: '2026-11-01', actor: 'test' })
    const now = new Date('2026-12-07T12:00:00Z')
    let calls = 0
    const inWorker = verifyAuditInWorker({ home }, 'full')
    const verifyAudit = () => {
      calls++
      return inWorker()
    }
    assert.deepEqual(await runHealthChecks({ store, home, now, verifyAudit }), [])
    const raw = new BetterSqlite3(join(home, SQLITE_FILE_NAME))
    raw.prepare('update documents set note = ? where id = ?').run('edited', doc.id)
    raw.close()
    const events = await runHealthChecks({ store, home, now, verifyAudit })
    assert.deepEqual(events.map((e) => e.type), ['audit.verify-failed'])
    assert.equal(calls, 2)
  } finally {
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})
