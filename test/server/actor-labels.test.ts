/**
 * Who added a document, recorded a deployment (its shipments and attestations), an authorisation, a webhook or a
 * screening run, or created a user, named for a
 * person (`createdByLabel`, `recordedByLabel`: an API key's label and role) beside the raw actor, which stays
 * the record; null for an actor readable as it is (`cli:…`). Transactions, approvals, hits and the audit trail
 * are in readable-lists.test.ts. SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

const KEY = /^key:/

for (const dialect of storeDialectsUnderTest()) {
  describe(`actor labels (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    test('documents: createdByLabel on upload, list, metadata and legal hold', async () => {
      const up = await t.app.inject({ method: 'POST', url: '/v1/documents?kind=other&filename=po.txt', headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'text/plain' }, payload: 'PO 1' })
      assert.equal(up.statusCode, 201, up.body)
      const viaKey = up.json()
      assert.match(viaKey.createdBy, KEY, 'the raw actor stays as recorded')
      assert.equal(viaKey.createdByLabel, 'test analyst (analyst key)')
      const viaCli = await t.store.addDocument({ kind: 'other', bytes: new TextEncoder().encode('PO 2'), eventOn: '2026-01-01', actor: 'cli:test' })

      const one = async (id: string) => (await t.call('GET', `/v1/documents/${id}`, { as: 'viewer' })).json()
      assert.equal((await one(viaKey.id)).createdByLabel, 'test analyst (analyst key)')
      assert.deepEqual([(await one(viaCli.id)).createdBy, (await one(viaCli.id)).createdByLabel], ['cli:test', null])
      const listed = (await t.call('GET', '/v1/documents?limit=500', { as: 'viewer' })).json().items as { id: string; createdByLabel: string | null }[]
      assert.deepEqual([viaKey.id, viaCli.id].map((id) => listed.find((d) => d.id === id)?.createdByLabel), ['test analyst (analyst key)', null])
      const held = await t.call('POST', `/v1/documents/${viaCli.id}/legal-hold`, { as: 'approver', body: { reason: 'subpoena 12' } })
      assert.equal(held.statusCode, 200, held.body)
      assert.deepEqual([held.json().createdBy, held.json().createdByLabel], ['cli:test', null], "the document's creator, not the hold's")
      const lifted = await t.call('DELETE', `/v1/documents/${viaKey.id}/legal-hold`, { as: 'approver', body: { reason: 'not held' } })
      assert.equal(lifted.statusCode, 409, lifted.body)
    })

    test("deployments: recordedByLabel on a deployment's attestations and later shipments", async () => {
      const site = { country: 'DE', operator: 'Rheinland Compute GmbH', address: 'Industriestr. 1, Frankfurt', declaredCapacity: 1000 }
      const d = await t.call('POST', '/v1/deployments', { as: 'analyst', body: { site, shippedQuantity: 100, attestationIntervalDays: 90, deployedOn: '2026-01-10' } })
      assert.equal(d.statusCode, 201, d.body)
      const id = d.json().id as string
      const attested = await t.call('POST', `/v1/deployments/${id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-02-01', attestedQuantity: 100 } })
      assert.equal(attested.statusCode, 201, attested.body)
      assert.match(attested.json().recordedBy, KEY)
      assert.equal(attested.json().recordedByLabel, 'test analyst (analyst key)')
      const shipped = await t.call('POST', `/v1/deployments/${id}/shipments`, { as: 'analyst', body: { quantity: 20, shippedOn: '2026-02-02' } })
      assert.equal(shipped.statusCode, 201, shipped.body)
      assert.equal(shipped.json().shipment.recordedByLabel, 'test analyst (analyst key)')
      await t.store.addAttestation({ deploymentId: id, attestedOn: '2026-03-01', attestedQuantity: 120, actor: 'cli:test' })
      await t.store.addDeploymentShipment({ deploymentId: id, quantity: 5, shippedOn: '2026-03-02', actor: 'cli:test' })

      const v = (await t.call('GET', `/v1/deployments/${id}?asOf=2026-03-05`, { as: 'viewer' })).json() as Record<'attestations' | 'shipments', { recordedBy: string; recordedByLabel: string | null }[]>
      const pairs = (xs: { recordedBy: string; recordedByLabel: string | null }[]) => xs.map((x) => [KEY.test(x.recordedBy) ? 'key' : x.recordedBy, x.recordedByLabel]).sort()
      assert.deepEqual(pairs(v.attestations), [['cli:test', null], ['key', 'test analyst (analyst key)']])
      assert.deepEqual(pairs(v.shipments), [['cli:test', null], ['key', 'test analyst (analyst key)']])
    })

    test('deployments, authorisations, webhooks and screening runs: who created or recorded them is labelled everywhere they are answered', async () => {
      const site = { country: 'DE', operator: 'Rheinland Compute GmbH', address: 'Industriestr. 1, Frankfurt', declaredCapacity: 1000 }
      const d = await t.call('POST', '/v1/deployments', { as: 'analyst', body: { site, shippedQuantity: 1, attestationIntervalDays: 90, deployedOn: '2026-01-10' } })
      assert.equal(d.statusCode, 201, d.body)
      assert.equal(d.json().createdByLabel, 'test analyst (analyst key)')
      const viaCli = await t.store.createDeployment({ site, shippedQuantity: 1, attestationIntervalDays: 90, deployedOn: '2026-01-10', actor: 'cli:test' })
      const tied = await t.call('POST', `/v1/deployments/${viaCli.id}/shipments`, { as: 'analyst', body: { quantity: 1, shippedOn: '2026-02-02' } })
      assert.deepEqual([tied.json().deployment.createdByLabel, tied.json().shipment.recordedByLabel], [null, 'test analyst (analyst key)'])
      assert.equal((await t.call('GET', `/v1/deployments/${d.json().id}`, { as: 'viewer' })).json().deployment.createdByLabel, 'test analyst (analyst key)')
      const deployments = (await t.call('GET', '/v1/deployments?limit=500', { as: 'viewer' })).json().items as { id: string; createdByLabel: string | null }[]
      assert.deepEqual([d.json().id, viaCli.id].map((id) => deployments.find((x) => x.id === id)?.createdByLabel), ['test analyst (analyst key)', null])

      const auth = await t.call('POST', '/v1/authorisations', { as: 'approver', body: { program: 'veu', reference: 'test record', endUser: 'Example DC', site: { country: 'IN', address: 'Mumbai' }, eccns: ['3A090'], validFrom: '2025-01-01' } })
      assert.equal(auth.statusCode, 201, auth.body)
      assert.equal(auth.json().createdByLabel, 'test approver (approver key)')
      const auths = (await t.call('GET', '/v1/authorisations', { as: 'viewer' })).json().items as { id: string; createdByLabel: string | null }[]
      assert.equal(auths.find((x) => x.id === auth.json().id)?.createdByLabel, 'test approver (approver key)')

      const hook = await t.call('POST', '/v1/webhooks', { as: 'admin', body: { url: 'http://127.0.0.1:9/hook', events: ['hit.new'] } })
      assert.equal(hook.statusCode, 201, hook.body)
      assert.equal(hook.json().webhook.createdByLabel, 'test admin (admin key)')
      assert.equal((await t.call('GET', '/v1/webhooks', { as: 'admin' })).json().items.find((w: { id: string }) => w.id === hook.json().webhook.id)?.createdByLabel, 'test admin (admin key)')
      assert.equal((await t.call('DELETE', `/v1/webhooks/${hook.json().webhook.id}`, { as: 'admin' })).json().createdByLabel, 'test admin (admin key)')

      const run = await t.call('POST', '/v1/screenings', { as: 'analyst', body: { name: 'Rheinland Compute GmbH', country: 'DE' } })
      assert.equal(run.statusCode, 201, run.body)
      assert.equal(run.json().recordedByLabel, 'test analyst (analyst key)')
      assert.equal((await t.call('GET', `/v1/screenings/${run.json().id}`, { as: 'viewer' })).json().recordedByLabel, 'test analyst (analyst key)')
      const runs = (await t.call('GET', '/v1/screenings?limit=500', { as: 'viewer' })).json().items as { id: string; recordedByLabel: string | null }[]
      assert.equal(runs.find((x) => x.id === run.json().id)?.recordedByLabel, 'test analyst (analyst key)')
    })

    test('users: createdByLabel on the list and on creation', async () => {
      const created = await t.call('POST', '/v1/users', { as: 'admin', body: { username: 'officer', role: 'approver', password: 'correct horse battery' } })
      assert.equal(created.statusCode, 201, created.body)
      assert.match(created.json().createdBy, KEY)
      assert.equal(created.json().createdByLabel, 'test admin (admin key)')
      await t.store.createUser({ username: 'clerk', role: 'viewer', passwordHash: 'scrypt$x', actor: 'cli:test' })
      const users = (await t.call('GET', '/v1/users?limit=500', { as: 'admin' })).json().items as { username: string; createdByLabel: string | null }[]
      assert.deepEqual(Object.fromEntries(users.map((u) => [u.username, u.createdByLabel])), { officer: 'test admin (admin key)', clerk: null })
    })
  })
}
