/**
 * Destination verification for deployments (issue 14): a deployment ties shipped chips to a site with periodic
 * attestations; GET answers its flags on a date (over capacity, attested short, transshipment-risk destination on
 * both sides of its effective date, attestation overdue, operator on a restricted-party list).
 * SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

for (const dialect of storeDialectsUnderTest()) {
  describe(`deployments (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    const site = { country: 'DE', operator: 'Rheinland Compute GmbH', address: 'Industriestr. 1, Frankfurt', declaredCapacity: 1000 }
    const create = async (body: Record<string, unknown>) => {
      const r = await t.call('POST', '/v1/deployments', { as: 'analyst', body })
      assert.equal(r.statusCode, 201, r.body)
      return r.json()
    }
    const view = async (id: string, asOf: string) => {
      const r = await t.call('GET', `/v1/deployments/${id}?asOf=${asOf}`, { as: 'viewer' })
      assert.equal(r.statusCode, 200, r.body)
      return r.json()
    }
    const kinds = (v: { flags: { kind: string }[] }) => v.flags.map((f) => f.kind).sort()

    test('more chips shipped than the site declares is flagged; within capacity and attested on time is clean', async () => {
      const over = await create({ site, shippedQuantity: 1200, shipmentIds: ['shp_1'], attestationIntervalDays: 90, deployedOn: '2026-01-10' })
      const v = await view(over.id, '2026-02-01')
      assert.deepEqual(kinds(v), ['over-capacity'])
      assert.match(v.flags[0].text, /1200 chips .* 1000: 200 are not accounted for/)
      const ok = await create({ site, shippedQuantity: 800, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
      assert.deepEqual(kinds(await view(ok.id, '2026-02-01')), [])
      // recording it opens one deployment.flagged event (on the app's date) for the over-capacity flag
      const events = (await t.call('GET', '/v1/events?type=deployment.flagged&limit=100', { as: 'viewer' })).json().items as { subjectId: string; data: { kind: string } }[]
      assert.deepEqual(events.filter((e) => e.subjectId === over.id).map((e) => e.data.kind).sort(), ['attestation-overdue', 'over-capacity'])
      assert.equal(events.filter((e) => e.subjectId === ok.id && e.data.kind === 'over-capacity').length, 0)
    })

    test('an attestation is overdue after its interval; a new one clears it, a short count is flagged', async () => {
      const d = await create({ site, shippedQuantity: 800, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
      assert.deepEqual(kinds(await view(d.id, '2026-04-10')), []) // due on 2026-04-10 itself
      const late = await view(d.id, '2026-04-11')
      assert.deepEqual(kinds(late), ['attestation-overdue'])
      assert.equal(late.nextAttestationDue, '2026-04-10')
      const a = await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-04-05', attestedQuantity: 750, evidenceDocumentIds: ['doc_visit_1'] } })
      assert.equal(a.statusCode, 201, a.body)
      const after1 = await view(d.id, '2026-04-11')
      assert.deepEqual(kinds(after1), ['attested-short'])
      assert.equal(after1.lastAttestedOn, '2026-04-05')
      assert.equal(after1.attestations[0].evidenceDocumentIds[0], 'doc_visit_1')
    })

    test('a site in a transshipment-risk destination is flagged from the effective date, with its citation', async () => {
      const d = await create({ site: { ...site, country: 'MY' }, shippedQuantity: 100, attestationIntervalDays: 365, deployedOn: '2025-06-01' })
      assert.deepEqual(kinds(await view(d.id, '2025-11-19')), [])
      const v = await view(d.id, '2025-11-20')
      assert.deepEqual(kinds(v), ['transshipment-risk'])
      assert.equal(v.flags[0].citations[0].ruleId, 'policies.transshipment-risk-destinations')
      assert.match(v.rulesVersion, /\S/)
    })

    test('a site operator on a restricted-party list is flagged with the hit', async () => {
      const d = await create({ site: { ...site, country: 'AE', operator: 'Zephyrine Quillfeather Export Trading' }, shippedQuantity: 10, attestationIntervalDays: 365, deployedOn: '2026-01-01' })
      const v = await view(d.id, '2026-01-02')
      const f = v.flags.find((x: { kind: string }) => x.kind === 'restricted-party')
      assert.ok(f, JSON.stringify(v.flags))
      assert.ok(f.hits.length >= 1)
      assert.ok(v.listSnapshots.length >= 1)
    })

    test('bad input names the field; unknown ids are 404; viewers cannot write; the list pages', async () => {
      const bad = await t.call('POST', '/v1/deployments', { as: 'analyst', body: { site: { ...site, declaredCapacity: -1 }, shippedQuantity: 1, attestationIntervalDays: 30, deployedOn: '2026-01-01' } })
      assert.equal(bad.statusCode, 400, bad.body)
      assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path), ['site.declaredCapacity'])
      const uk = await t.call('POST', '/v1/deployments', { as: 'analyst', body: { site: { ...site, country: 'UK' }, shippedQuantity: 1, attestationIntervalDays: 30, deployedOn: '2026-01-01' } })
      assert.equal(uk.statusCode, 400, uk.body)
      assert.equal(uk.json().code, 'INVALID_COUNTRY')
      assert.match(uk.body, /GB/)
      assert.equal((await t.call('POST', '/v1/deployments', { as: 'viewer', body: { site, shippedQuantity: 1, attestationIntervalDays: 30, deployedOn: '2026-01-01' } })).statusCode, 403)
      assert.equal((await t.call('GET', '/v1/deployments/dep_nope', { as: 'viewer' })).json().code, 'NOT_FOUND')
      assert.equal((await t.call('POST', '/v1/deployments/dep_nope/attestations', { as: 'analyst', body: { attestedOn: '2026-01-01', attestedQuantity: 1 } })).json().code, 'NOT_FOUND')
      const p1 = (await t.call('GET', '/v1/deployments?limit=2', { as: 'viewer' })).json()
      assert.equal(p1.items.length, 2)
      assert.ok(p1.nextCursor)
    })

    test('the audit chain stays valid', async () => {
      const r = await t.call('GET', '/v1/audit/verify', { as: 'admin' })
      assert.equal(r.json().ok, true, r.body)
    })
  })
}
