/**
 * Validated End-User authorisations (issue 14): recorded by an approver, listed, and an access check or a
 * transaction determination (stored or previewed) that one covers says so and cites the recorded reference; one
 * outside its site, items or validity does not; a UVEU covers until the Diffusion Rule's rescission, not after.
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

    const authFlags = (flags: { id: string; kind: string; text: string; citations?: { source: { id: string } }[] }[]) => flags.filter((f) => f.id.startsWith('authorisation'))
    const toSite = (date: string, to = 'IN', endUser = 'Example DC Operator Pvt Ltd') => ({ date, item: { chip: 'nvidia-h100-sxm' }, quantity: 64, to, parties: [{ role: 'end-user', name: endUser, country: to }] })

    test('a stored determination and a preview for the authorised end user, site and items say so and cite it', async () => {
      const stored = await t.call('POST', '/v1/determinations', { as: 'analyst', body: toSite('2026-06-01') })
      assert.equal(stored.statusCode, 201, stored.body)
      const f = authFlags(stored.json().flags)
      assert.deepEqual(f.map((x) => [x.kind, x.id]), [['possible-coverage', `authorisation:${id}`]])
      assert.match(f[0]!.text, /Data Center VEU .*supp\. no\. 7 to part 748.*not settled in chipnav's sources/)
      assert.equal(f[0]!.citations?.[0]?.source.id, 'fr-2025-00636')
      const again = (await t.call('GET', `/v1/determinations/${stored.json().id}`, { as: 'viewer' })).json()
      assert.deepEqual(authFlags(again.flags), f)
      const preview = await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: toSite('2026-06-01') })
      assert.equal(preview.statusCode, 200, preview.body)
      assert.equal(authFlags(preview.json().asEnforced.flags)[0]?.id, `authorisation:${id}`)
      assert.equal(authFlags(preview.json().asPublished.flags)[0]?.id, `authorisation:${id}`)
      assert.deepEqual(authFlags((await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: toSite('2026-06-01', 'MY') })).json().asEnforced.flags), [])
      assert.deepEqual(authFlags((await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: toSite('2028-01-01') })).json().asEnforced.flags), [])
      assert.deepEqual(authFlags((await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: toSite('2026-06-01', 'IN', 'Someone Else Ltd') })).json().asEnforced.flags), [])
    })

    test('a UVEU authorisation covers a determination on 2025-03-01 and not from the rescission (2025-05-13), cited', async () => {
      const r = await t.call('POST', '/v1/authorisations', { as: 'approver', body: { program: 'uveu', reference: 'UVEU (test record)', endUser: 'Gulf DC Co', site: { country: 'AE', address: 'Abu Dhabi' }, eccns: ['3A090'], validFrom: '2025-01-01' } })
      assert.equal(r.statusCode, 201, r.body)
      const uveu = r.json().id
      const on = await t.call('POST', '/v1/determinations', { as: 'analyst', body: toSite('2025-03-01', 'AE', 'Gulf DC Co') })
      assert.equal(on.json().verdict, 'LICENSE_REQUIRED')
      const covering = authFlags(on.json().flags)
      assert.deepEqual(covering.map((x) => [x.kind, x.id]), [['possible-coverage', `authorisation:${uveu}`]])
      assert.match(covering[0]!.text, /in place of an individual licence/)
      const after = authFlags((await t.call('POST', '/v1/determinations', { as: 'analyst', body: toSite('2025-05-13', 'AE', 'Gulf DC Co') })).json().flags)
      assert.deepEqual(after.map((x) => [x.kind, x.id]), [['condition', `authorisation-not-covering:${uveu}`]])
      assert.equal(after[0]!.citations?.[0]?.source.id, 'bis-2025-05-13-diffusion-rescission')
      // the preview gives both regimes: as published the UVEU text stands (non-enforcement said)
      const preview = (await t.call('POST', '/v1/determinations/preview', { as: 'viewer', body: toSite('2025-05-13', 'AE', 'Gulf DC Co') })).json()
      assert.deepEqual(authFlags(preview.asEnforced.flags).map((x) => x.kind), ['condition'])
      assert.deepEqual(authFlags(preview.asPublished.flags).map((x) => x.kind), ['possible-coverage'])
      assert.match(authFlags(preview.asPublished.flags)[0]!.text, /as published; BIS does not enforce/)
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
      assert.ok(list.items.some((a: { id: string }) => a.id === id))
    })
  })
}
