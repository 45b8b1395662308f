/**
 * Bad input never gets a 500: malformed JSON, wrong types, unknown fields, oversized bodies, wrong
 * content types and unknown routes get a 4xx RFC 9457 problem+json with a stable code and the
 * offending fields. Screening without an imported list answers 409 LIST_SNAPSHOT_MISSING. The
 * OpenAPI document is generated from the same schemas.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertProblem } from '../helpers/assert-problem.js'
import { openTestApp, type TestApp } from './server-fixture.js'

const TX = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE' }

describe('problem+json for bad input', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
  })
  after(async () => t?.close())

  const raw = (url: string, payload: string | Buffer, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': contentType }, payload })

  test('malformed JSON → 400 INVALID_JSON; an empty one is no body, which a route that needs one refuses as required', async () => {
    assertProblem(await raw('/v1/determinations', '{"date": "2024-06-01",'), 400, 'INVALID_JSON')
    const empty = assertProblem(await raw('/v1/determinations', ''), 400, 'VALIDATION_FAILED')
    assert.match(JSON.stringify(empty), /required/)
  })

  test('a prototype-poisoning body is refused with a 400', async () => {
    const r = await raw('/v1/parties', '{"name":"X","country":"AE","__proto__":{"isAdmin":true}}')
    assert.equal(r.statusCode, 400)
    assert.match(String(r.headers['content-type']), /^application\/problem\+json/)
  })

  test('wrong types and unknown fields → 400 VALIDATION_FAILED naming each field', async () => {
    const p = assertProblem(await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, quantity: 'eight', colour: 'red' } }), 400, 'VALIDATION_FAILED')
    const paths = p.errors.map((e: { path: string }) => e.path)
    assert.ok(paths.includes('quantity'), JSON.stringify(p.errors))
    assert.ok(p.errors.some((e: { message: string }) => /colour/.test(e.message)), JSON.stringify(p.errors))
    const item = assertProblem(await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, item: { chip: 42 } } }), 400, 'VALIDATION_FAILED')
    assert.deepEqual(item.errors.map((e: { path: string }) => e.path), ['item.chip'])
    const q = assertProblem(await t.call('POST', '/v1/determinations?regime=sometimes', { as: 'analyst', body: TX }), 400, 'VALIDATION_FAILED')
    assert.equal(q.errors[0].path, 'query.regime')
    assertProblem(await t.call('GET', '/v1/parties?limit=0', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
    assertProblem(await t.call('GET', '/v1/parties?page=2', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
  })

  test('a domain error keeps its catalogue code and status', async () => {
    const p = assertProblem(await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, item: { chip: 'nvidia-h100' } } }), 404, 'UNKNOWN_CHIP')
    assert.ok(Array.isArray(p.suggestions))
    // the problem names the field the unknown id came from
    assert.deepEqual(p.errors.map((e: { path: string }) => e.path), ['item.chip'])
    const sys = assertProblem(await t.call('POST', '/v1/classify', { as: 'viewer', body: { item: { spec: { id: 'box', kind: 'system', components: [{ chip: 'nvidia-h100-sxm', count: 8 }, { chip: 'h100', count: 1 }] } } } }), 404, 'UNKNOWN_CHIP')
    assert.deepEqual(sys.errors.map((e: { path: string }) => e.path), ['item.spec.components.1.chip'])
    assertProblem(await t.call('POST', '/v1/classify', { as: 'viewer', body: { item: { chip: 'nvidia-h100-sxm' }, date: '2022-10-06' } }), 422, 'RULE_NOT_IN_FORCE')
    assertProblem(await t.call('GET', '/v1/parties/party_nope', { as: 'viewer' }), 404, 'NOT_FOUND')
  })

  test("a body over its route's limit → 413 PAYLOAD_TOO_LARGE; a non-JSON body → 415", async () => {
    assertProblem(await raw('/v1/parties', JSON.stringify({ name: 'x'.repeat(1_100_000), country: 'AE' })), 413, 'PAYLOAD_TOO_LARGE')
    assertProblem(await raw('/v1/parties', '<party/>', 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE')
  })

  test('documents have their own, larger limit, and an empty upload is refused', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x41)
    const ok = await raw('/v1/documents?kind=other', big, 'application/octet-stream')
    assert.equal(ok.statusCode, 201, ok.body)
    assertProblem(await raw('/v1/documents?kind=other', Buffer.alloc(0), 'application/octet-stream'), 400, 'VALIDATION_FAILED')
    assertProblem(await raw('/v1/documents?kind=poem', Buffer.from('x'), 'text/plain'), 400, 'VALIDATION_FAILED')
  })

  test('an unknown route → 404 ROUTE_NOT_FOUND', async () => {
    assertProblem(await t.call('GET', '/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND')
  })

  test('a wrong method on an existing path → 405 METHOD_NOT_ALLOWED with an Allow header naming the methods it takes (RFC 9110)', async () => {
    const list = await t.call('DELETE', '/v1/parties')
    assertProblem(list, 405, 'METHOD_NOT_ALLOWED')
    assert.equal(list.headers.allow, 'GET, HEAD, POST')
    assert.deepEqual(list.json().allow, ['GET', 'HEAD', 'POST'])
    assert.match(list.json().detail, /^\/v1\/parties does not take DELETE; it takes GET, HEAD, POST$/)
    const one = await t.call('PUT', '/v1/parties/pty_123', { body: { name: 'x' } })
    assertProblem(one, 405, 'METHOD_NOT_ALLOWED')
    assert.equal(one.headers.allow, 'GET, HEAD')
    const screen = await t.call('GET', '/v1/screen?name=x')
    assertProblem(screen, 405, 'METHOD_NOT_ALLOWED')
    assert.equal(screen.headers.allow, 'POST')
    // a path no method takes is still 404, with no Allow header
    const none = await t.call('POST', '/v1/nothing-here')
    assertProblem(none, 404, 'ROUTE_NOT_FOUND')
    assert.equal(none.headers.allow, undefined)
  })
})

describe('without an imported list', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(undefined, { isWithoutLists: true })
  })
  after(async () => t?.close())

  test('the server runs; screening answers 409 LIST_SNAPSHOT_MISSING; determinations flag the parties as not screened', async () => {
    assert.equal((await t.call('GET', '/health', { as: null })).json().isScreeningAvailable, false)
    assertProblem(await t.call('POST', '/v1/screen', { as: 'viewer', body: { name: 'Huawei' } }), 409, 'LIST_SNAPSHOT_MISSING')
    assertProblem(await t.call('POST', '/v1/screenings', { as: 'analyst', body: { name: 'Huawei' } }), 409, 'LIST_SNAPSHOT_MISSING')
    const d = await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, parties: [{ role: 'end-user', name: 'Example Cloud LLC', country: 'AE' }] } })
    assert.equal(d.statusCode, 201)
    assert.ok(d.json().flags.some((f: { kind: string }) => f.kind === 'not-screened'))
  })
})

describe('OpenAPI', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
  })
  after(async () => t?.close())

  test('/openapi.json documents the routes from their zod schemas, with bearer auth', async () => {
    const r = await t.call('GET', '/openapi.json', { as: 'viewer' })
    assert.equal(r.statusCode, 200)
    const doc = r.json()
    assert.match(doc.openapi, /^3\./)
    assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer')
    const post = doc.paths['/v1/determinations'].post
    assert.ok(post.requestBody.content['application/json'].schema, 'the transaction schema is the request body')
    assert.ok(doc.paths['/v1/licenses/{id}/shipments'].post)
    assert.ok(doc.paths['/v1/audit/verify'].get)
    const docs = await t.call('GET', '/docs/', { as: 'viewer' })
    assert.equal(docs.statusCode, 200)
    assert.match(String(docs.headers['content-type']), /text\/html/)
  })
})
