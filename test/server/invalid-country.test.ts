/**
 * Every country field the API accepts is checked against ISO 3166-1 alpha-2 (issue 9): ZZ, UK, EU and QQ
 * are refused with 400 problem+json INVALID_COUNTRY naming the field, with a suggestion where one exists,
 * and nothing is stored. Valid codes (any case) still work.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, type TestApp } from './server-fixture.js'

const TX = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'AE' }
const PARTY = { role: 'end-user', name: 'Example Cloud', country: 'AE' }

/** the four codes of the issue, and what the answer must suggest */
const BAD: { code: string; suggests: string[]; says: RegExp }[] = [
  { code: 'ZZ', suggests: [], says: /user-assigned/ },
  { code: 'UK', suggests: ['GB'], says: /GB/ },
  { code: 'EU', suggests: [], says: /European Union, not a country/ },
  { code: 'QQ', suggests: [], says: /user-assigned/ },
]

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any }

function assertInvalidCountry(r: Res, path: string, bad: (typeof BAD)[number]) {
  assert.equal(r.statusCode, 400, JSON.stringify(r.json()))
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/)
  const p = r.json()
  assert.equal(p.code, 'INVALID_COUNTRY')
  assert.equal(p.type, 'urn:chipnav:problem:INVALID_COUNTRY')
  const issue = p.errors.find((e: { path: string }) => e.path === path)
  assert.ok(issue, `an error names ${path}: ${JSON.stringify(p.errors)}`)
  assert.match(issue.message, bad.says)
  const refused = p.countries.find((c: { path: string }) => c.path === path)
  assert.deepEqual(refused, { path, value: bad.code, suggestions: bad.suggests })
  assert.match(p.detail, new RegExp(`${path.replace(/\./g, '\\.')} "${bad.code}"`))
}

describe('INVALID_COUNTRY on every country field of the API', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
  })
  after(async () => t?.close())

  const determinationBodies: [string, (c: string) => unknown][] = [
    ['to', (c) => ({ ...TX, to: c })],
    ['from', (c) => ({ ...TX, from: c })],
    ['parties.0.country', (c) => ({ ...TX, parties: [{ ...PARTY, country: c }] })],
    ['parties.0.headquarters', (c) => ({ ...TX, parties: [{ ...PARTY, headquarters: c }] })],
    ['parties.0.ultimateParentHeadquarters', (c) => ({ ...TX, parties: [{ ...PARTY, ultimateParentHeadquarters: c }] })],
    ['parties.0.owners.0.country', (c) => ({ ...TX, parties: [{ ...PARTY, owners: [{ name: 'Owner', share: 0.6, country: c }] }] })],
  ]
  for (const [path, body] of determinationBodies) {
    test(`POST /v1/determinations refuses ${path} ZZ, UK, EU, QQ and records nothing`, async () => {
      for (const bad of BAD) assertInvalidCountry(await t.call('POST', '/v1/determinations', { as: 'analyst', body: body(bad.code) }), path, bad)
      const stored = (await t.call('GET', '/v1/transactions')).json()
      assert.equal(stored.items.length, 0)
    })
  }

  test('POST /v1/determinations: a ledger keyed by a bad country is refused', async () => {
    const r = await t.call('POST', '/v1/determinations?regime=as-published', { as: 'analyst', body: { ...TX, date: '2025-06-01', to: 'IN', ledger: { tier2CountryTpp: { UK: 10 } } } })
    assertInvalidCountry(r, 'ledger.tier2CountryTpp.UK', BAD[1]!)
  })

  test('POST /v1/determinations: lower case and XK are accepted', async () => {
    const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, to: 'gb', parties: [{ ...PARTY, country: 'xk' }] } })
    assert.equal(r.statusCode, 201, r.body)
    assert.equal(r.json().to, 'GB')
    assert.equal(r.json().parties[0].country, 'XK')
  })

  test('two bad countries: both are named', async () => {
    const p = (await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, to: 'UK', from: 'EL' } })).json()
    assert.equal(p.code, 'INVALID_COUNTRY')
    assert.deepEqual(p.countries.map((c: { path: string; suggestions: string[] }) => [c.path, c.suggestions]).sort(), [['from', ['GR']], ['to', ['GB']]])
  })

  test('POST /v1/screen and POST /v1/screenings refuse country ZZ, UK, EU, QQ', async () => {
    for (const bad of BAD) {
      assertInvalidCountry(await t.call('POST', '/v1/screen', { as: 'viewer', body: { name: 'Huawei Technologies', country: bad.code } }), 'country', bad)
      assertInvalidCountry(await t.call('POST', '/v1/screenings', { as: 'analyst', body: { name: 'Huawei Technologies', country: bad.code } }), 'country', bad)
    }
    assert.equal((await t.call('POST', '/v1/screen', { as: 'viewer', body: { name: 'Huawei Technologies', country: 'cn' } })).statusCode, 200)
  })

  const partyBodies: [string, (c: string) => unknown][] = [
    ['country', (c) => ({ name: 'P', country: c })],
    ['headquarters', (c) => ({ name: 'P', country: 'AE', headquarters: c })],
    ['ultimateParent.headquarters', (c) => ({ name: 'P', country: 'AE', ultimateParent: { name: 'Parent', headquarters: c } })],
    ['ownership.0.ownerCountry', (c) => ({ name: 'P', country: 'AE', ownership: [{ ownerName: 'O', ownerCountry: c, share: 0.5 }] })],
    ['identifiers.0.country', (c) => ({ name: 'P', country: 'AE', identifiers: [{ scheme: 'lei', value: 'X', country: c }] })],
  ]
  for (const [path, body] of partyBodies) {
    test(`POST /v1/parties refuses ${path} ZZ, UK, EU, QQ`, async () => {
      for (const bad of BAD) assertInvalidCountry(await t.call('POST', '/v1/parties', { as: 'analyst', body: body(bad.code) }), path, bad)
    })
  }

  test('licences, shipments, allocations and technology access refuse bad countries', async () => {
    const uk = BAD[1]!
    const licence = { number: 'D1234567', destinations: ['AE'], validFrom: '2024-01-01', validTo: '2027-01-01' }
    assertInvalidCountry(await t.call('POST', '/v1/licenses', { as: 'approver', body: { ...licence, destinations: ['AE', 'UK'] } }), 'destinations.1', uk)
    const created = await t.call('POST', '/v1/licenses', { as: 'approver', body: licence })
    assert.equal(created.statusCode, 201, created.body)
    assertInvalidCountry(await t.call('POST', `/v1/licenses/${created.json().id}/shipments`, { as: 'analyst', body: { quantity: 1, shippedOn: '2024-06-01', destination: 'UK' } }), 'destination', uk)
    assertInvalidCountry(await t.call('POST', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'UK', year: 2025, tpp: 1 } }), 'country', uk)
    assertInvalidCountry(await t.call('GET', '/v1/allocations?country=UK'), 'query.country', uk)
    for (const field of ['nationality', 'location']) {
      const body = { subject: 'u1', nationality: 'IN', location: 'IN', resource: 'cluster-a', accessedAt: '2025-05-01T09:00:00Z', [field]: 'UK' }
      assertInvalidCountry(await t.call('POST', '/v1/tech-access', { as: 'analyst', body }), field, uk)
    }
  })
})
