/**
 * Validated End-User authorisations (issue 14): recorded by an approver, listed, and an access check that one
 * covers says so and cites the recorded reference; one outside its site, items or validity does not.
 * SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

for (const dialect of storeDialectsUnderTest()) {
  describe(`authorisations (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    let id = ''
    before(async () => {
      t = await openTestApp(dialect)
      const r = await t.call('POST', '/v1/authorisations', {
        as: 'approver',
        body: { program: 'data-center-veu', reference: 'FR notice (test record), supp. no. 7 to part 748', endUser: 'Example DC Operator Pvt Ltd', site: { country: 'IN', address: 'Plot 9, Navi Mumbai' }, eccns: ['3A090', '4A090'], conditions: ['no access by D:5-headquartered tenants'], validFrom: '2025-01-01', validTo: '2027-12-31' },
      })
      assert.equal(r.statusCode, 201, r.body)
      id = r.json().id
    })
    after(async () => t?.close())

    const accessCheck = async (date: string, country: string) => {
      const r = await t.call('POST', '/v1/access-checks', {
        as: 'viewer',
        body: { check: { date, who: { kind: 'organisation', name: 'Tenant Co', country: 'IN' }, what: { kind: 'compute', item: { chip: 'nvidia-h100-sxm' }, quantity: 64 }, where: { country, operator: { name: 'example dc  operator pvt ltd', country: 'IN' } } } },
      })
      assert.equal(r.statusCode, 200, r.body)
      return r.json().flags.filter((f: { id: string }) => f.id.startsWith('authorisation:')) as { id: string; text: string }[]
    }

    test('an access check at the authorised site, for its items, while valid, says so and cites it', async () => {
      const f = await accessCheck('2026-06-01', 'IN')
      assert.equal(f.length, 1)
      assert.equal(f[0]!.id, `authorisation:${id}`)
      assert.match(f[0]!.text, /Data Center VEU .*supp\. no\. 7 to part 748.*Conditions: no access by D:5/)
    })

    test('outside the site country or the validity: not covered', async () => {
      assert.deepEqual(await accessCheck('2026-06-01', 'MY'), [])
      assert.deepEqual(await accessCheck('2028-01-01', 'IN'), [])
    })

    test('only an approver records one; bad input names the field; the list shows it', async () => {
      const valid = { program: 'veu', reference: 'x', endUser: 'y', site: { country: 'IN', address: 'z' }, eccns: ['3A090'], validFrom: '2025-01-01' }
      assert.equal((await t.call('POST', '/v1/authorisations', { as: 'analyst', body: valid })).statusCode, 403)
      const bad = await t.call('POST', '/v1/authorisations', { as: 'approver', body: { program: 'data-center-veu', reference: 'x', endUser: 'y', site: { country: 'IN', address: 'z' }, eccns: ['H100'], validFrom: '2025-01-01' } })
      assert.equal(bad.statusCode, 400)
      assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path), ['eccns.0'])
      const zz = await t.call('POST', '/v1/authorisations', { as: 'approver', body: { ...valid, destinations: ['ZZ'] } })
      assert.equal(zz.statusCode, 400, zz.body)
      assert.equal(zz.json().code, 'INVALID_COUNTRY')
      assert.deepEqual(zz.json().errors.map((e: { path: string }) => e.path), ['destinations.0'])
      const list = (await t.call('GET', '/v1/authorisations', { as: 'viewer' })).json()
      assert.equal(list.items[0].id, id)
    })
  })
}
