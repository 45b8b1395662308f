/**
 * One bound on every quantity (src/shared/quantity.ts, README "Limits"): each input that takes a quantity refuses
 * a fraction, zero or less (where zero means nothing), or more than 10^9 units with 400 VALIDATION_FAILED naming
 * the field; a write that would take a running total the store keeps (a deployment's shipped quantity, the used
 * quantity of a licence without a quantity limit) past the bound is refused the same way and writes nothing.
 * Before the bound, a deployment's shipped total passed PostgreSQL's `integer` and the API answered 500.
 * SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { MAX_QUANTITY } from '../../src/shared/quantity.js'
import { assertProblem } from '../helpers/assert-problem.js'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

const TOO_MANY = MAX_QUANTITY + 1
const site = { country: 'DE', operator: 'Rheinland Compute GmbH', address: 'Industriestr. 1, Frankfurt', declaredCapacity: 1000 }
const deployment = (extra: Record<string, unknown> = {}) => ({ site, shippedQuantity: 10, attestationIntervalDays: 90, deployedOn: '2026-01-10', ...extra })
const tx = (quantity: unknown) => ({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity, to: 'DE' })
const paths = (p: { errors: { path: string }[] }) => p.errors.map((e) => e.path)

for (const dialect of storeDialectsUnderTest()) {
  describe(`quantity limits (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    const refused = async (method: 'POST', url: string, as: 'analyst' | 'approver' | 'viewer', body: unknown, path: string) => {
      const p = assertProblem(await t.call(method, url, { as, body }), 400, 'VALIDATION_FAILED')
      assert.deepEqual(paths(p), [path], JSON.stringify(p))
      return p
    }
    let licenceN = 0
    const licence = async (extra: Record<string, unknown> = {}) => {
      const r = await t.call('POST', '/v1/licenses', { as: 'approver', body: { number: `QTY-${dialect.name}-${++licenceN}`, items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['DE'], validFrom: '2026-01-01', validTo: '2028-12-31', ...extra } })
      assert.equal(r.statusCode, 201, r.body)
      return r.json().id as string
    }
    const ship = (licenceId: string, quantity: unknown) => t.call('POST', `/v1/licenses/${licenceId}/shipments`, { as: 'approver', body: { quantity, shippedOn: '2026-02-01', destination: 'DE', override: { reason: 'test shipment' } } })

    test('every input that takes a quantity refuses one past the bound, a fraction or zero, naming the field', async () => {
      for (const bad of [TOO_MANY, 1.5, 0, -1, 1e300]) {
        await refused('POST', '/v1/deployments', 'analyst', deployment({ shippedQuantity: bad }), 'shippedQuantity')
        await refused('POST', '/v1/transactions', 'analyst', { transaction: tx(bad) }, 'transaction.quantity')
        await refused('POST', '/v1/determinations', 'analyst', tx(bad), 'quantity')
        await refused('POST', '/v1/determinations/preview', 'viewer', tx(bad), 'quantity')
        await refused('POST', '/v1/access-checks', 'viewer', { check: { date: '2026-06-01', who: { kind: 'organisation', name: 'Tenant Co', country: 'IN' }, what: { kind: 'compute', item: { chip: 'nvidia-h100-sxm' }, quantity: bad }, where: { country: 'IN' } } }, 'check.what.quantity')
        await refused('POST', '/v1/licenses', 'approver', { number: 'QTY-BAD', items: [], eccns: ['3A090.a'], destinations: ['DE'], validFrom: '2026-01-01', validTo: '2028-12-31', authorizedQuantity: bad }, 'authorizedQuantity')
      }
      // a count that may be zero (declared capacity, an attestation) still has the bound and no fraction
      for (const bad of [TOO_MANY, 2.5, -1]) {
        await refused('POST', '/v1/deployments', 'analyst', deployment({ site: { ...site, declaredCapacity: bad } }), 'site.declaredCapacity')
      }
      const d = (await t.call('POST', '/v1/deployments', { as: 'analyst', body: deployment({ site: { ...site, declaredCapacity: 0 } }) })).json()
      assert.equal(d.site.declaredCapacity, 0)
      for (const bad of [TOO_MANY, 2.5, -1]) {
        await refused('POST', `/v1/deployments/${d.id}/attestations`, 'analyst', { attestedOn: '2026-02-01', attestedQuantity: bad }, 'attestedQuantity')
        await refused('POST', `/v1/deployments/${d.id}/shipments`, 'analyst', { quantity: bad, shippedOn: '2026-02-01' }, 'quantity')
      }
      const lic = await licence()
      for (const bad of [TOO_MANY, 1.5, 0]) assert.deepEqual(paths(assertProblem(await ship(lic, bad), 400, 'VALIDATION_FAILED')), ['quantity'])
      // the message says what is expected, the same everywhere
      const p = await refused('POST', '/v1/deployments', 'analyst', deployment({ shippedQuantity: TOO_MANY }), 'shippedQuantity')
      assert.match(p.errors[0].message, /whole number of units from 1 to 1,000,000,000/)
      // the bound itself is accepted
      const atBound = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: tx(MAX_QUANTITY) })
      assert.equal(atBound.statusCode, 200, atBound.body)
    })

    test("a tie that would take a deployment's shipped quantity past the bound is refused (was a 500 on PostgreSQL); nothing is written", async () => {
      const d = (await t.call('POST', '/v1/deployments', { as: 'analyst', body: deployment({ shippedQuantity: 100_000_000 }) })).json()
      const lic = await licence()
      const big = await ship(lic, MAX_QUANTITY)
      assert.equal(big.statusCode, 201, big.body)
      const byRecord = assertProblem(await t.call('POST', `/v1/deployments/${d.id}/shipments`, { as: 'analyst', body: { shipmentId: big.json().shipment.id } }), 400, 'VALIDATION_FAILED')
      assert.deepEqual(paths(byRecord), ['shipmentId'])
      assert.match(byRecord.detail, /shipped quantity would be 1,100,000,000 \(100,000,000 \+ 1,000,000,000\); a total is at most 1,000,000,000 units/)
      const byQuantity = assertProblem(await t.call('POST', `/v1/deployments/${d.id}/shipments`, { as: 'analyst', body: { quantity: 900_000_001, shippedOn: '2026-02-02' } }), 400, 'VALIDATION_FAILED')
      assert.deepEqual(paths(byQuantity), ['quantity'])
      const v = (await t.call('GET', `/v1/deployments/${d.id}?asOf=2026-02-03`, { as: 'viewer' })).json()
      assert.equal(v.deployment.shippedQuantity, 100_000_000)
      assert.deepEqual(v.shipments, [])
      // up to the bound is accepted, and the shipment refused above can still go to a deployment with room
      const full = await t.call('POST', `/v1/deployments/${d.id}/shipments`, { as: 'analyst', body: { quantity: 900_000_000, shippedOn: '2026-02-02' } })
      assert.equal(full.statusCode, 201, full.body)
      assert.equal(full.json().deployment.shippedQuantity, MAX_QUANTITY)
      assertProblem(await t.call('POST', `/v1/deployments/${d.id}/shipments`, { as: 'analyst', body: { quantity: 1, shippedOn: '2026-02-03' } }), 400, 'VALIDATION_FAILED')
      const empty = (await t.call('POST', '/v1/deployments', { as: 'analyst', body: deployment({ shippedQuantity: 1 }) })).json()
      assert.equal((await t.call('POST', `/v1/deployments/${empty.id}/shipments`, { as: 'analyst', body: { shipmentId: big.json().shipment.id } })).statusCode, 400)
    })

    test("a licence without a quantity limit keeps its used quantity within the bound; one with a limit is overdrawn first", async () => {
      const unlimited = await licence()
      assert.equal((await ship(unlimited, MAX_QUANTITY)).statusCode, 201)
      const over = assertProblem(await ship(unlimited, 1), 400, 'VALIDATION_FAILED')
      assert.deepEqual(paths(over), ['quantity'])
      assert.match(over.detail, /used quantity would be 1,000,000,001/)
      const l = (await t.call('GET', `/v1/licenses/${unlimited}`, { as: 'viewer' })).json()
      assert.equal(l.usedQuantity, MAX_QUANTITY)
      const limited = await licence({ authorizedQuantity: 5 })
      assertProblem(await ship(limited, 6), 409, 'LICENSE_OVERDRAWN')
    })

    test('the audit chain stays valid', async () => {
      assert.equal((await t.call('GET', '/v1/audit/verify', { as: 'admin' })).json().ok, true)
    })
  })
}
