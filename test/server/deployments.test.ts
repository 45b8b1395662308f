/**
 * Destination verification for deployments (issue 14): a deployment ties shipped chips to a site with periodic
 * attestations; GET answers its flags on a date (over capacity, attested short, transshipment-risk destination on
 * both sides of its effective date, attestation overdue, operator on a restricted-party list).
 * SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { NOW, openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

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
      const over = await create({ site, shippedQuantity: 1200, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
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

    test('an attestation of more chips than were shipped is recorded and flagged attested-over, with an event', async () => {
      const d = await create({ site, shippedQuantity: 800, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
      const a = await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-03-01', attestedQuantity: 950 } })
      assert.equal(a.statusCode, 201, a.body)
      const v = await view(d.id, '2026-03-02')
      assert.deepEqual(kinds(v), ['attested-over'])
      assert.match(v.flags[0].text, /more chips than the 800 the records show shipped to the site \(950 on 2026-03-01\)/)
      assert.deepEqual(v.flags[0].attestations, [{ attestationId: a.json().id, attestedOn: '2026-03-01', attestedQuantity: 950 }])
      const events = (await t.call('GET', '/v1/events?type=deployment.flagged&limit=200', { as: 'viewer' })).json().items as { subjectId: string; data: { kind: string } }[]
      assert.equal(events.filter((e) => e.subjectId === d.id && e.data.kind === 'attested-over').length, 1)
      // before the attestation's date the flag does not apply
      assert.deepEqual(kinds(await view(d.id, '2026-02-28')), [])
    })

    test('an attestation dated before the deployment date is refused (ATTESTATION_BEFORE_DEPLOYMENT naming attestedOn); on the day it is accepted', async () => {
      const d = await create({ site, shippedQuantity: 100, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
      const early = await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-01-09', attestedQuantity: 100 } })
      assert.equal(early.statusCode, 409, early.body)
      assert.equal(early.json().code, 'ATTESTATION_BEFORE_DEPLOYMENT')
      assert.equal(early.json().errors?.[0]?.path, 'attestedOn')
      assert.match(early.json().detail, /dated 2026-01-09, before the deployment date \(2026-01-10\)/)
      assert.equal((await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-01-10', attestedQuantity: 100 } })).statusCode, 201)
      assert.equal((await t.call('GET', `/v1/deployments/${d.id}`, { as: 'viewer' })).json().attestations.length, 1)
    })

    test('an attestation dated after today (the clock) is refused (ATTESTATION_IN_FUTURE naming attestedOn); dated today it is accepted', async () => {
      const today = NOW.slice(0, 10)
      const d = await create({ site, shippedQuantity: 100, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
      const late = await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-11-27', attestedQuantity: 100 } })
      assert.equal(late.statusCode, 409, late.body)
      assert.equal(late.json().code, 'ATTESTATION_IN_FUTURE')
      assert.equal(late.json().errors?.[0]?.path, 'attestedOn')
      assert.match(late.json().detail, new RegExp(`dated 2026-11-27, after today \\(${today}\\)`))
      assert.equal((await t.call('GET', `/v1/deployments/${d.id}`, { as: 'viewer' })).json().attestations.length, 0, 'nothing recorded')
      assert.equal((await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: today, attestedQuantity: 100 } })).statusCode, 201)
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

    describe('a later shipment tied to a deployment', () => {
      let licenceId: string
      let n = 0
      /** a shipment recorded against a licence (an approver's override: no transaction to link) */
      const shipment = async (quantity: number, shippedOn = '2026-02-01', destination = 'DE') => {
        if (!licenceId) {
          const lic = await t.call('POST', '/v1/licenses', { as: 'approver', body: { number: `DEP-SHP-${dialect.name}`, items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['DE', 'NL'], validFrom: '2026-01-01', validTo: '2028-12-31' } })
          assert.equal(lic.statusCode, 201, lic.body)
          licenceId = lic.json().id
        }
        const r = await t.call('POST', `/v1/licenses/${licenceId}/shipments`, { as: 'approver', body: { quantity, shippedOn, destination, override: { reason: `test shipment ${++n}` } } })
        assert.equal(r.statusCode, 201, r.body)
        return r.json().shipment.id as string
      }
      const tie = (id: string, body: Record<string, unknown>, as: 'analyst' | 'viewer' = 'analyst') => t.call('POST', `/v1/deployments/${id}/shipments`, { as, body })
      const overCapacityEvents = async (id: string) =>
        ((await t.call('GET', '/v1/events?type=deployment.flagged&limit=200', { as: 'viewer' })).json().items as { subjectId: string; data: { kind: string; text: string } }[]).filter((e) => e.subjectId === id && e.data.kind === 'over-capacity')

      test('the shipped quantity becomes the sum; a new over-capacity total raises deployment.flagged once', async () => {
        const d = await create({ site, shippedQuantity: 900, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
        assert.deepEqual(kinds(await view(d.id, '2026-02-01')), [])
        assert.equal((await overCapacityEvents(d.id)).length, 0)
        const s1 = await shipment(200, '2026-02-03')
        const r = await tie(d.id, { shipmentId: s1 })
        assert.equal(r.statusCode, 201, r.body)
        assert.equal(r.json().deployment.shippedQuantity, 1100)
        assert.deepEqual(r.json().deployment.shipmentIds, [s1])
        assert.deepEqual({ ...r.json().shipment, id: undefined, recordedAt: undefined }, { id: undefined, deploymentId: d.id, shipmentId: s1, quantity: 200, serials: [], shippedOn: '2026-02-03', recordedAt: undefined, recordedBy: r.json().shipment.recordedBy, recordedByLabel: 'test analyst (analyst key)' })
        const v = await view(d.id, '2026-02-05')
        assert.deepEqual(kinds(v), ['over-capacity'])
        assert.match(v.flags[0].text, /1100 chips .* 1000: 100 are not accounted for/)
        assert.deepEqual(v.shipments.map((x: { shipmentId: string; quantity: number }) => [x.shipmentId, x.quantity]), [[s1, 200]])
        const first = await overCapacityEvents(d.id)
        assert.equal(first.length, 1)
        assert.match(first[0]!.data.text, /^1100 chips/)
        // an attestation re-raises the flags: the same total raises nothing new
        assert.equal((await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-02-06', attestedQuantity: 1100 } })).statusCode, 201)
        assert.equal((await overCapacityEvents(d.id)).length, 1)
        // a quantity without a shipment record (with its serials and date): a new total, one new event
        const q = await tie(d.id, { quantity: 2, serials: ['H100-A1', 'H100-A2'], shippedOn: '2026-02-10' })
        assert.equal(q.statusCode, 201, q.body)
        assert.equal(q.json().deployment.shippedQuantity, 1102)
        assert.deepEqual(q.json().shipment.serials, ['H100-A1', 'H100-A2'])
        const second = await overCapacityEvents(d.id)
        assert.equal(second.length, 2)
        assert.ok(second.some((e) => /^1102 chips/.test(e.data.text)))
        // the write is audited and the chain verifies
        const audit = await t.call('GET', `/v1/audit?entityType=deployment&entityId=${d.id}&limit=100`, { as: 'admin' })
        assert.equal(audit.statusCode, 200, audit.body)
        const added = (audit.json().items as { action: string; data: { quantity: number } | null }[]).filter((e) => e.action === 'deployment.shipment-added')
        assert.deepEqual(added.map((e) => e.data?.quantity), [200, 2])
        const row = await t.call('GET', `/v1/audit?entityType=deployment-shipment&entityId=${q.json().shipment.id}`, { as: 'admin' })
        assert.deepEqual(row.json().items.map((e: { action: string }) => e.action), ['deployment-shipment.recorded'])
        assert.equal((await t.call('GET', '/v1/audit/verify', { as: 'admin' })).json().ok, true)
      })

      test('an attestation dated before the first shipment to the site is refused, naming attestedOn', async () => {
        const s1 = await shipment(5, '2026-03-05')
        const d = await create({ site, shippedQuantity: 5, shipmentIds: [s1], attestationIntervalDays: 90, deployedOn: '2026-03-01' })
        const early = await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-03-04', attestedQuantity: 5 } })
        assert.equal(early.statusCode, 409, early.body)
        assert.equal(early.json().code, 'ATTESTATION_BEFORE_DEPLOYMENT')
        assert.match(early.json().detail, /before the first shipment to the site \(2026-03-05\)/)
        assert.equal((await t.call('POST', `/v1/deployments/${d.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-03-05', attestedQuantity: 5 } })).statusCode, 201)
      })

      test('a shipment tied to another deployment (here or at creation) is refused, naming shipmentId', async () => {
        const a = await create({ site, shippedQuantity: 10, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
        const b = await create({ site, shippedQuantity: 10, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
        const s1 = await shipment(5)
        assert.equal((await tie(a.id, { shipmentId: s1 })).statusCode, 201)
        for (const target of [b.id, a.id]) {
          const again = await tie(target, { shipmentId: s1 })
          assert.equal(again.statusCode, 409, again.body)
          assert.equal(again.json().code, 'DEPLOYMENT_SHIPMENT_TAKEN')
          assert.deepEqual(again.json().errors.map((e: { path: string }) => e.path), ['shipmentId'])
        }
        const s2 = await shipment(3)
        const named = await create({ site, shippedQuantity: 3, shipmentIds: [s2], attestationIntervalDays: 90, deployedOn: '2026-01-10' })
        const taken = await tie(b.id, { shipmentId: s2 })
        assert.equal(taken.json().code, 'DEPLOYMENT_SHIPMENT_TAKEN', taken.body)
        assert.match(taken.body, new RegExp(named.id))
        // nothing was written by the refusals
        assert.equal((await view(b.id, '2026-02-01')).deployment.shippedQuantity, 10)
      })

      test('a quantity or serial count not matching the shipment is refused, naming the field; bad input and roles', async () => {
        const d = await create({ site, shippedQuantity: 10, attestationIntervalDays: 90, deployedOn: '2026-01-10' })
        const s1 = await shipment(4)
        const q = await tie(d.id, { shipmentId: s1, quantity: 5 })
        assert.equal(q.statusCode, 409, q.body)
        assert.equal(q.json().code, 'DEPLOYMENT_QUANTITY_MISMATCH')
        assert.deepEqual(q.json().errors.map((e: { path: string }) => e.path), ['quantity'])
        const serials = await tie(d.id, { shipmentId: s1, serials: ['A', 'B'] })
        assert.equal(serials.json().code, 'DEPLOYMENT_QUANTITY_MISMATCH')
        assert.deepEqual(serials.json().errors.map((e: { path: string }) => e.path), ['serials'])
        const none = await tie(d.id, { shippedOn: '2026-02-01' })
        assert.equal(none.statusCode, 400, none.body)
        assert.deepEqual(none.json().errors.map((e: { path: string }) => e.path), ['quantity'])
        const noDate = await tie(d.id, { quantity: 1 })
        assert.deepEqual(noDate.json().errors.map((e: { path: string }) => e.path), ['shippedOn'])
        const dup = await tie(d.id, { quantity: 2, serials: ['A', 'A'], shippedOn: '2026-02-01' })
        assert.equal(dup.statusCode, 400, dup.body)
        assert.deepEqual(dup.json().errors.map((e: { path: string }) => e.path), ['serials'])
        const missing = await tie(d.id, { shipmentId: 'shp_nope' })
        assert.equal(missing.statusCode, 404)
        assert.deepEqual(missing.json().errors.map((e: { path: string }) => e.path), ['shipmentId'])
        assert.equal((await tie('dep_nope', { quantity: 1, shippedOn: '2026-02-01' })).json().code, 'NOT_FOUND')
        assert.equal((await tie(d.id, { quantity: 1, shippedOn: '2026-02-01' }, 'viewer')).statusCode, 403)
        // the matching quantity is accepted (the shipment's date is used)
        const ok = await tie(d.id, { shipmentId: s1, quantity: 4 })
        assert.equal(ok.statusCode, 201, ok.body)
        assert.equal(ok.json().shipment.shippedOn, '2026-02-01')
        assert.equal(ok.json().deployment.shippedQuantity, 14)
      })


      describe('shipments named when a deployment is recorded', () => {
        test('the shipped quantity is at least what the named shipments carried (DEPLOYMENT_QUANTITY_MISMATCH naming shippedQuantity); more is accepted', async () => {
          const a = await shipment(6)
          const b = await shipment(4)
          const short = await t.call('POST', '/v1/deployments', { as: 'analyst', body: { site, shippedQuantity: 9, shipmentIds: [a, b], attestationIntervalDays: 30, deployedOn: '2026-03-01' } })
          assert.equal(short.statusCode, 409, short.body)
          assert.equal(short.json().code, 'DEPLOYMENT_QUANTITY_MISMATCH')
          assert.deepEqual(short.json().errors.map((e: { path: string }) => e.path), ['shippedQuantity'])
          assert.match(short.json().detail, /carried 10 chips, more than the shippedQuantity 9/)
          // refused: the shipments stay free to tie
          const more = await create({ site, shippedQuantity: 12, shipmentIds: [a, b], attestationIntervalDays: 30, deployedOn: '2026-03-01' })
          assert.deepEqual(more.shipmentIds, [a, b])
        })

        test('each must be a recorded shipment, named once, tied to no other deployment; refusals write nothing', async () => {
          const unknown = await t.call('POST', '/v1/deployments', { as: 'analyst', body: { site, shippedQuantity: 1, shipmentIds: ['shp_nope'], attestationIntervalDays: 30, deployedOn: '2026-01-01' } })
          assert.equal(unknown.statusCode, 404, unknown.body)
          assert.deepEqual(unknown.json().errors.map((e: { path: string }) => e.path), ['shipmentIds[0]'])
          const s = await shipment(2)
          const twice = await t.call('POST', '/v1/deployments', { as: 'analyst', body: { site, shippedQuantity: 4, shipmentIds: [s, s], attestationIntervalDays: 30, deployedOn: '2026-01-01' } })
          assert.equal(twice.statusCode, 400, twice.body)
          assert.deepEqual(twice.json().errors.map((e: { path: string }) => e.path), ['shipmentIds[1]'])
          const before = (await t.call('GET', '/v1/deployments?limit=200', { as: 'viewer' })).json().items.length
          const first = await create({ site, shippedQuantity: 2, shipmentIds: [s], attestationIntervalDays: 30, deployedOn: '2026-01-01' })
          const again = await t.call('POST', '/v1/deployments', { as: 'analyst', body: { site, shippedQuantity: 2, shipmentIds: [s], attestationIntervalDays: 30, deployedOn: '2026-01-01' } })
          assert.equal(again.statusCode, 409, again.body)
          assert.equal(again.json().code, 'DEPLOYMENT_SHIPMENT_TAKEN')
          assert.deepEqual(again.json().errors.map((e: { path: string }) => e.path), ['shipmentIds[0]'])
          assert.match(again.body, new RegExp(first.id))
          assert.equal((await t.call('GET', '/v1/deployments?limit=200', { as: 'viewer' })).json().items.length, before + 1)
        })

        test('a tied shipment that went to another country than the site is flagged from its shipping date, once', async () => {
          const there = await shipment(3, '2026-03-01', 'NL')
          const here = await shipment(1, '2026-03-01', 'DE')
          const d = await create({ site, shippedQuantity: 3, shipmentIds: [there], attestationIntervalDays: 365, deployedOn: '2026-02-20' })
          assert.deepEqual(kinds(await view(d.id, '2026-02-28')), [])
          const v = await view(d.id, '2026-03-01')
          assert.deepEqual(kinds(v), ['destination-mismatch'])
          assert.deepEqual(v.flags[0].shipments, [{ shipmentId: there, destination: 'NL', shippedOn: '2026-03-01' }])
          assert.match(v.flags[0].text, /site is in DE.*to NL on 2026-03-01/)
          // a shipment to the site's own country adds nothing; the event is raised once per set of shipments
          assert.equal((await tie(d.id, { shipmentId: here })).statusCode, 201)
          assert.deepEqual(kinds(await view(d.id, '2026-03-02')), ['destination-mismatch'])
          const events = ((await t.call('GET', '/v1/events?type=deployment.flagged&limit=200', { as: 'viewer' })).json().items as { subjectId: string; data: { kind: string } }[]).filter((e) => e.subjectId === d.id && e.data.kind === 'destination-mismatch')
          assert.equal(events.length, 1)
        })
      })
    })

    test('the audit chain stays valid', async () => {
      const r = await t.call('GET', '/v1/audit/verify', { as: 'admin' })
      assert.equal(r.json().ok, true, r.body)
    })
  })
}
