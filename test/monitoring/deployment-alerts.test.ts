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
