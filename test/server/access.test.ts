/**
 * Access: nothing but /health answers without a key; unknown and revoked keys are refused; each role
 * may do what the issue says and no more; the rate limit counts per key.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, type TestApp } from './server-fixture.js'

describe('API keys and roles', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
  })
  after(async () => t?.close())

  test('/health answers without a key', async () => {
    const r = await t.call('GET', '/health', { as: null })
    assert.equal(r.statusCode, 200)
    assert.equal(r.json().status, 'ok')
  })

  test('every other route, the OpenAPI document and the docs answer 401 problem+json without a key', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json()
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => [m.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x')] as const))
    assert.ok(routes.length >= 25, `${routes.length} routes`)
    // sign-in and "who is signed in" answer without a key (issue 12); signing out needs a session or key
    for (const [method, url] of [...routes.filter(([m, p]) => p !== '/health' && !(p === '/v1/session' && m !== 'DELETE')), ['GET', '/openapi.json'] as const, ['GET', '/docs'] as const]) {
      const r = await t.app.inject({ method: method as 'GET', url, ...(method === 'POST' ? { payload: {} } : {}) })
      assert.equal(r.statusCode, 401, `${method} ${url}`)
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/, `${method} ${url}`)
      assert.equal(r.json().code, 'UNAUTHENTICATED')
    }
  })

  test('a malformed, unknown or revoked key is refused', async () => {
    for (const authorization of ['Bearer', 'Basic abc', 'Bearer cnk_unknown', `Token ${t.keys.admin}`]) {
      const r = await t.app.inject({ url: '/v1/parties', headers: { authorization } })
      assert.equal(r.statusCode, 401, authorization)
    }
    const { key, apiKey } = await t.store.createApiKey({ role: 'viewer', actor: 'cli:test' })
    assert.equal((await t.call('GET', '/v1/parties', { key })).statusCode, 200)
    const revoked = await t.call('DELETE', `/v1/keys/${apiKey.id}`)
    assert.equal(revoked.statusCode, 200)
    assert.equal(typeof revoked.json().revokedAt, 'string')
    assert.equal((await t.call('GET', '/v1/parties', { key })).statusCode, 401)
  })

  test('a viewer reads but writes nothing', async () => {
    assert.equal((await t.call('GET', '/v1/audit/verify', { as: 'viewer' })).statusCode, 200)
    assert.equal((await t.call('POST', '/v1/screen', { as: 'viewer', body: { name: 'Huawei' } })).statusCode, 200)
    const writes = [
      ['/v1/parties', { name: 'Example Cloud LLC', country: 'AE' }],
      ['/v1/screenings', { name: 'Example Cloud LLC' }],
      ['/v1/determinations', { date: '2024-06-01', item: { chip: 'nvidia-l4' }, quantity: 1, to: 'AE' }],
    ] as const
    for (const [url, body] of writes) {
      const r = await t.call('POST', url, { as: 'viewer', body })
      assert.equal(r.statusCode, 403, url)
      assert.equal(r.json().code, 'FORBIDDEN')
    }
  })

  test('only admins manage keys and import lists; approvers record licences', async () => {
    for (const role of ['viewer', 'analyst', 'approver'] as const) {
      assert.equal((await t.call('POST', '/v1/keys', { as: role, body: { role: 'admin' } })).statusCode, 403, role)
      assert.equal((await t.call('GET', '/v1/keys', { as: role })).statusCode, 403, role)
      assert.equal((await t.call('POST', '/v1/lists/import', { as: role, body: { files: [{ name: 'dpl.txt', contentBase64: 'YQ==' }] } })).statusCode, 403, role)
    }
    const licence = { number: 'D999', destinations: ['AE'], validFrom: '2024-01-01', validTo: '2025-01-01' }
    assert.equal((await t.call('POST', '/v1/licenses', { as: 'analyst', body: licence })).statusCode, 403)
    assert.equal((await t.call('POST', '/v1/licenses', { as: 'admin', body: licence })).statusCode, 201)
  })
})

describe('rate limit', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(undefined, { rateLimit: { max: 3, timeWindowMs: 60_000 } })
  })
  after(async () => t?.close())

  test('counts per key: one key over the limit gets 429 problem+json, another key still passes', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await t.call('GET', '/v1/timeline', { as: 'viewer' })).statusCode, 200)
    const limited = await t.call('GET', '/v1/timeline', { as: 'viewer' })
    assert.equal(limited.statusCode, 429)
    assert.equal(limited.json().code, 'RATE_LIMITED')
    assert.match(String(limited.headers['content-type']), /^application\/problem\+json/)
    assert.ok(limited.headers['retry-after'])
    assert.equal((await t.call('GET', '/v1/timeline', { as: 'analyst' })).statusCode, 200)
    assert.equal((await t.call('GET', '/health', { as: null })).statusCode, 200)
  })
})
