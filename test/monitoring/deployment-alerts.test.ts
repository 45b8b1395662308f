/**
 * A deployment's flags become `deployment.flagged` events once each (issue 14): an attestation falling overdue, a
 * short attestation, and a site operator that matches a list once the lists change; the checks run again raise
 * nothing twice.
 */
import { strict as assert } from 'node:assert'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { runHealthChecks } from '../../src/monitoring/health-checks.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { cslSource } from '../../src/screening/sources/csl/csl-source.js'
import { openStore } from '../../src/store/open-store.js'
import { fixture } from '../screening/sources/fixtures.js'

const rules = loadRules()

test('new deployment flags raise one event each; the same flags checked again raise none', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-dep-alerts-'))
  const store = await openStore({ home })
  const flagged = async () => (await store.listEvents({ type: 'deployment.flagged' })).items.map((e) => e.data.kind)
  try {
    const d = await store.createDeployment({ site: { country: 'DE', operator: 'Huawei Technologies Co., Ltd.', address: 'Industriestr. 1, Frankfurt', declaredCapacity: 1000 }, shippedQuantity: 800, attestationIntervalDays: 90, deployedOn: '2026-01-10', actor: 'test' })
    let screener: ReturnType<typeof buildScreener> | undefined
    const check = (day: string) => runHealthChecks({ store, home, now: new Date(`${day}T12:00:00Z`), isAuditChecked: false, deployments: { rules, screener: () => screener } })
    await check('2026-02-01')
    assert.deepEqual(await flagged(), [])
    // the attestation falls due on 2026-04-10: overdue the day after, raised once
    await check('2026-04-11')
    await check('2026-04-12')
    assert.deepEqual(await flagged(), ['attestation-overdue'])
    const ev = (await store.listEvents({ type: 'deployment.flagged' })).items[0]!
    assert.equal(ev.subjectId, d.id)
    assert.match(String(ev.data.text), /due by 2026-04-10/)
    // an attestation short of the chips shipped is a new flag
    await store.addAttestation({ deploymentId: d.id, attestedOn: '2026-04-11', attestedQuantity: 750, actor: 'test' })
    await check('2026-04-12')
    assert.deepEqual(await flagged(), ['attestation-overdue', 'attested-short'])
    // a list update: the operator now matches the Entity List, raised once
    screener = buildScreener({ entries: cslSource.parseFiles([fixture('consolidated.csv')]).entries, snapshots: [] })
    await check('2026-04-13')
    await check('2026-04-14')
    assert.deepEqual(await flagged(), ['attestation-overdue', 'attested-short', 'restricted-party'])
    assert.ok(((await store.listEvents({ type: 'deployment.flagged' })).items[2]!.data.hits as unknown[]).length >= 1)
  } finally {
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test('the monitor raises a deployment flag after a list change: an operator a new list entry matches', async () => {
  const { readFileSync } = await import('node:fs')
  const { InProcessJobQueue } = await import('../../src/jobs/in-process-queue.js')
  const { Monitor } = await import('../../src/monitoring/monitor.js')
  const { importListFiles } = await import('../../src/screening/snapshots/import-list.js')
  const { loadActiveSnapshots } = await import('../../src/screening/snapshots/load-active-snapshots.js')
  const { V1, V2, writeCsl } = await import('./fixtures.js')
  const home = mkdtempSync(join(tmpdir(), 'chipnav-dep-watch-'))
  const importCsl = async (rows: typeof V1, name: string, now: string) => {
    const path = writeCsl(join(home, 'in', name), 'consolidated.csv', rows)
    await importListFiles({ home, files: [{ name: 'consolidated.csv', bytes: readFileSync(path) }], now })
  }
  const store = await openStore({ home })
  const jobs = new InProcessJobQueue()
  let screener: ReturnType<typeof buildScreener> | undefined
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
  const monitor = new Monitor({
    store,
    home,
    jobs,
    logger: quiet,
    watchIntervalMs: 3_600_000,
    onSnapshotChange: async () => {
      screener = buildScreener(await loadActiveSnapshots(home))
    },
    deployments: { rules, screener: () => screener },
  })
  try {
    await importCsl(V1, 'v1', '2026-12-01T00:00:00.000Z')
    screener = buildScreener(await loadActiveSnapshots(home))
    const today = new Date().toISOString().slice(0, 10)
    await store.createDeployment({ site: { country: 'HK', operator: 'Zephyr Silicon Trading Company', address: 'Kowloon Bay, Hong Kong', declaredCapacity: 100 }, shippedQuantity: 50, attestationIntervalDays: 3650, deployedOn: today, actor: 'test' })
    await monitor.start()
    const kinds = async () => (await store.listEvents({ type: 'deployment.flagged' })).items.map((e) => e.data.kind)
    assert.deepEqual(await kinds(), [])
    // V2 adds the Zephyr entry: the list change raises the operator's flag
    await importCsl(V2, 'v2', '2026-12-02T00:00:00.000Z')
    await monitor.check()
    assert.deepEqual(await kinds(), ['restricted-party'])
  } finally {
    await monitor.stop()
    await jobs.stop()
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test('a later shipment that takes a deployment over capacity raises over-capacity once for the new total, again for a newer one', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-dep-alerts-'))
  const store = await openStore({ home })
  const overCapacity = async () => (await store.listEvents({ type: 'deployment.flagged' })).items.filter((e) => e.data.kind === 'over-capacity').map((e) => String(e.data.text).split(' ')[0])
  try {
    const d = await store.createDeployment({ site: { country: 'DE', operator: 'Rheinland Compute GmbH', address: 'Industriestr. 1, Frankfurt', declaredCapacity: 1000 }, shippedQuantity: 1000, attestationIntervalDays: 365, deployedOn: '2026-01-10', actor: 'test' })
    const check = (day: string) => runHealthChecks({ store, home, now: new Date(`${day}T12:00:00Z`), isAuditChecked: false, deployments: { rules } })
    await check('2026-02-01')
    assert.deepEqual(await overCapacity(), [])
    const r = await store.addDeploymentShipment({ deploymentId: d.id, quantity: 50, shippedOn: '2026-02-02', actor: 'test' })
    assert.equal(r.deployment.shippedQuantity, 1050)
    await check('2026-02-03')
    await check('2026-02-04')
    assert.deepEqual(await overCapacity(), ['1050'])
    await store.addDeploymentShipment({ deploymentId: d.id, quantity: 5, serials: ['S1', 'S2', 'S3', 'S4', 'S5'], shippedOn: '2026-02-05', actor: 'test' })
    await check('2026-02-06')
    await check('2026-02-07')
    assert.deepEqual((await overCapacity()).sort(), ['1050', '1055'])
    const { deployment } = await store.getDeployment(d.id)
    const shipments = await store.listDeploymentShipments(d.id)
    assert.equal(deployment.shippedQuantity, 1055)
    assert.deepEqual(shipments.map((s) => s.quantity), [50, 5])
    assert.equal((await store.verifyAudit()).ok, true)
  } finally {
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})
