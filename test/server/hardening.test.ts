/**
 * What a hostile or careless client could do (issue 11, part B), each refused cleanly: text that is not
 * well-formed Unicode or holds NUL (400 naming the field, on SQLite and PostgreSQL, and the audit trail
 * still verifies), amplification (a 27,000-line system, oversized bodies, identical system lines stored
 * once), a gzip bomb (413), a role refused before the body is parsed, audit verification rate-limited,
 * numbers out of bounds, Fastify's own errors as problem+json, security headers, nonsense cursors, and
 * failed authentications limited per address.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import { decodeText, MAX_DECOMPRESSED_LIST_BYTES } from '../../src/screening/sources/source-file.js'
import { assertProblem } from '../helpers/assert-problem.js'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

const TX = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE' }
const LICENSE = { number: 'D1234567', items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['AE'], authorizedQuantity: 10, validFrom: '2024-05-01', validTo: '2028-04-30' }

for (const dialect of storeDialectsUnderTest()) {
  describe(`ill-formed text is refused before it reaches the store (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    test('a lone surrogate or a NUL in any text field is a 400 naming the field, and the audit trail still verifies', async () => {
      const lone = 'x\ud800y'
      const nul = 'x\u0000y'
      const paths = (p: { errors: { path: string }[] }) => p.errors.map((e) => e.path)
      for (const bad of [lone, nul, '\udc00', 'a\ud800']) {
        const p = assertProblem(await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: bad, country: 'AE' } }), 400, 'VALIDATION_FAILED')
        assert.deepEqual(paths(p), ['name'])
      }
      // nested fields, object keys, query parameters, path parameters
      const owner = assertProblem(await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, parties: [{ role: 'end-user', name: 'A', country: 'AE', owners: [{ name: nul, share: 0.5 }] }] } }), 400, 'VALIDATION_FAILED')
      assert.deepEqual(paths(owner), ['parties.0.owners.0.name'])
      const key = assertProblem(await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, answers: { [nul]: 'yes' } } }), 400, 'VALIDATION_FAILED')
      assert.match(paths(key)[0]!, /^answers\./)
      assertProblem(await t.call('POST', '/v1/licenses', { as: 'approver', body: { ...LICENSE, number: nul } }), 400, 'VALIDATION_FAILED')
      assertProblem(await t.call('POST', '/v1/keys', { as: 'admin', body: { role: 'viewer', label: lone } }), 400, 'VALIDATION_FAILED')
      const q = assertProblem(await t.app.inject({ method: 'POST', url: '/v1/documents?kind=other&filename=a%00b', headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'text/plain' }, payload: 'PO 1' }), 400, 'VALIDATION_FAILED')
      assert.deepEqual(paths(q), ['query.filename'])
      const param = assertProblem(await t.call('GET', '/v1/documents/%00', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
      assert.deepEqual(paths(param), ['params.id'])
      assertProblem(await t.call('GET', '/v1/parties?cursor=%00', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
      // a surrogate pair (an emoji) and RTL or zero-width characters are well-formed: kept as sent
      const fine = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Ex\u200bample \u202eCo\u202c 🚀', country: 'AE' } })
      assert.equal(fine.statusCode, 201, fine.body)
      assert.equal(fine.json().name, 'Ex\u200bample \u202eCo\u202c 🚀')
      const tx = (await t.call('POST', '/v1/determinations', { as: 'analyst', body: TX })).json()
      assertProblem(await t.call('POST', `/v1/transactions/${tx.id}/approval`, { as: 'approver', body: { decision: 'rejected', reason: nul } }), 400, 'VALIDATION_FAILED')
      const v = (await t.call('GET', '/v1/audit/verify', { as: 'viewer' })).json()
      assert.equal(v.ok, true, JSON.stringify(v.problems))
    })
  })
}

describe('limits on size and work', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
  })
  after(async () => t?.close())

  test('a 27,000-line system spec (1 MB) is refused at once (413); 12,000 lines under the body limit are a 400 naming the components; /health answers meanwhile', async () => {
    const body = (n: number) => ({ item: { spec: { id: 'big', kind: 'system', components: Array.from({ length: n }, () => ({ chip: 'nvidia-h100-sxm', count: 1 })) } }, date: '2024-06-01' })
    const pending = t.call('POST', '/v1/classify', { as: 'viewer', body: body(27_000) })
    const health = await t.call('GET', '/health', { as: null })
    assert.equal(health.statusCode, 200)
    assertProblem(await pending, 413, 'PAYLOAD_TOO_LARGE')
    const p = assertProblem(await t.call('POST', '/v1/classify', { as: 'viewer', body: body(12_000) }), 400, 'VALIDATION_FAILED')
    assert.deepEqual(p.errors.map((e: { path: string }) => e.path), ['item.spec.components'])
  })

  test('a system with 100 lines at most; identical lines are one component, classified and stored once', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ chip: i % 2 ? 'nvidia-h100-sxm' : 'nvidia-a100-sxm-80gb', count: 1 }))
    assertProblem(await t.call('POST', '/v1/classify', { as: 'viewer', body: { item: { spec: { id: 'big', kind: 'system', components: tooMany } }, date: '2024-06-01' } }), 400, 'VALIDATION_FAILED')
    const spec = { id: 'x-1', kind: 'chip', throughput: [{ precision: 'fp16', bitLength: 16, tops: 990, sparse: false }], dies: [{ areaMm2: 814, nonPlanar: true }], datacenter: true }
    const one = { ...TX, item: { spec: { id: 'rack', kind: 'system', components: [{ spec, count: 8 }] } } }
    const many = { ...TX, item: { spec: { id: 'rack', kind: 'system', components: Array.from({ length: 100 }, () => ({ spec, count: 8 })) } } }
    const a = (await t.call('POST', '/v1/determinations', { as: 'analyst', body: one })).json()
    const b = (await t.call('POST', '/v1/determinations', { as: 'analyst', body: many })).json()
    assert.equal(b.item.classification.components.length, 1)
    assert.equal(b.item.classification.components[0].count, 800)
    assert.equal(b.item.totalTpp, a.item.totalTpp * 100)
    const stored = async (id: string) => JSON.stringify((await t.call('GET', `/v1/transactions/${id}`, { as: 'viewer' })).json()).length
    const [sa, sb] = [await stored(a.id), await stored(b.id)]
    // the 100-line request stores what the one-line request stores, plus its own input (kept as the
    // transaction and as the result's item.ref): no classification is repeated per line
    const extraInput = JSON.stringify(many).length - JSON.stringify(one).length
    assert.ok(sb < sa + 2 * extraInput + 2_000, `${sb} bytes stored for 100 identical lines vs ${sa} for one (+${extraInput} of input)`)
  })

  test('each route has its body limit: 256 KiB by default, more only where the route needs it', async () => {
    const raw = (url: string, bytes: number) =>
      t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(bytes), country: 'AE' }) })
    assertProblem(await raw('/v1/parties', 300 * 1024), 413, 'PAYLOAD_TOO_LARGE')
    // under the limit but over the generic string limit (10,000 characters): a 400 naming the field
    const p = assertProblem(await raw('/v1/parties', 20_000), 400, 'VALIDATION_FAILED')
    assert.deepEqual(p.errors.map((e: { path: string }) => e.path), ['name'])
    // names have their own limit (500)
    assertProblem(await raw('/v1/parties', 501), 400, 'VALIDATION_FAILED')
  })

  test('arrays, nesting and numbers are bounded in every request', async () => {
    const deep = JSON.parse('['.repeat(40) + ']'.repeat(40))
    assertProblem(await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, endUse: { categories: deep } } }), 400, 'VALIDATION_FAILED')
    const long = assertProblem(await t.call('POST', '/v1/licenses', { as: 'approver', body: { ...LICENSE, items: Array.from({ length: 1001 }, () => 'x') } }), 400, 'VALIDATION_FAILED')
    assert.deepEqual(long.errors.map((e: { path: string }) => e.path), ['items'])
    // tpp 1e308 (twice would be Infinity) and 1e400 (Infinity as parsed) are refused, never stored
    for (const tpp of ['1e308', '1e400', '-1e308']) {
      const r = await t.app.inject({ method: 'POST', url: '/v1/allocations', headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'application/json' }, payload: `{"kind":"tier2-country","country":"IN","year":2025,"tpp":${tpp}}` })
      const p = assertProblem(r, 400, 'VALIDATION_FAILED')
      assert.deepEqual(p.errors.map((e: { path: string }) => e.path), ['tpp'])
    }
    assert.deepEqual((await t.call('GET', '/v1/allocations?kind=tier2-country', { as: 'viewer' })).json().items, [])
    const tops = assertProblem(await t.call('POST', '/v1/classify', { as: 'viewer', body: { date: '2024-06-01', item: { spec: { id: 'x', kind: 'chip', throughput: [{ precision: 'fp16', bitLength: 16, tops: 1e12, sparse: false }] } } } }), 400, 'VALIDATION_FAILED')
    assert.deepEqual(tops.errors.map((e: { path: string }) => e.path), ['item.spec.throughput.0.tops'])
    assertProblem(await t.call('POST', '/v1/determinations', { as: 'analyst', body: { ...TX, quantity: 1e9 + 1 } }), 400, 'VALIDATION_FAILED')
  })
})

describe('a gzip bomb', () => {
  let t: TestApp
  let home: string
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'chipnav-bomb-'))
    t = await openTestApp(undefined, { home })
  })
  after(async () => {
    await t?.close()
    rmSync(home, { recursive: true, force: true })
  })

  test('a list file that expands past the cap is refused with 413, by the API and by the parser the CLI uses', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_DECOMPRESSED_LIST_BYTES + 1024 * 1024, 0x20), { level: 9 })
    assert.ok(bomb.length < 1024 * 1024, `the bomb is ${bomb.length} bytes`)
    assert.throws(() => decodeText({ name: 'consolidated.csv.gz', bytes: bomb }), (e: { code?: string }) => e.code === 'PAYLOAD_TOO_LARGE')
    const r = await t.call('POST', '/v1/lists/import', { as: 'admin', body: { files: [{ name: 'consolidated.csv.gz', contentBase64: bomb.toString('base64') }] } })
    const p = assertProblem(r, 413, 'PAYLOAD_TOO_LARGE')
    assert.match(p.detail, /MiB/)
    assert.equal((await t.call('GET', '/health', { as: null })).statusCode, 200)
  })
})

describe('roles before bodies; audit verification bounded', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
  })
  after(async () => t?.close())

  test('a viewer is refused at an admin route before the body is read: 403, not a JSON parse error', async () => {
    for (const [role, url] of [['viewer', '/v1/lists/import'], ['analyst', '/v1/keys'], ['viewer', '/v1/parties']] as const) {
      const r = await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${t.keys[role]}`, 'content-type': 'application/json' }, payload: '{"this is": not json' })
      assertProblem(r, 403, 'FORBIDDEN')
    }
  })

  test('GET /v1/audit/verify is limited per key (429 after 6 a minute); concurrent calls share one run', async () => {
    let runs = 0
    const verify = t.store.verifyAudit.bind(t.store)
    const counted = await openTestApp(undefined, {
      verifyAudit: (() => {
        let running: Promise<Awaited<ReturnType<typeof verify>>> | undefined
        return () => (running ??= (runs++, verify()).finally(() => (running = undefined)))
      })(),
    })
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, () => counted.call('GET', '/v1/audit/verify', { as: 'viewer' })))
      assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200, 200, 200, 200])
      assert.ok(runs < 6, `${runs} runs for 6 concurrent calls`)
      assertProblem(await counted.call('GET', '/v1/audit/verify', { as: 'viewer' }), 429, 'RATE_LIMITED')
      // another key still may
      assert.equal((await counted.call('GET', '/v1/audit/verify', { as: 'analyst' })).statusCode, 200)
    } finally {
      await counted.close()
    }
    // the app's own default is single-flight too
    const [x, y] = await Promise.all([t.call('GET', '/v1/audit/verify', { as: 'viewer' }), t.call('GET', '/v1/audit/verify', { as: 'viewer' })])
    assert.deepEqual(x.json(), y.json())
  })
})

describe("Fastify's own errors, headers, cursors and failed authentications", () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(undefined, { failedAuthLimit: { max: 5, timeWindowMs: 60_000, maxTrackedAddresses: 100 } })
  })
  after(async () => t?.close())

  test('bad URL encoding, an overlong path parameter or URL, and content-type errors are problem+json', async () => {
    assertProblem(await t.call('GET', '/v1/parties/%E0%A4%A', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
    assertProblem(await t.call('GET', '/v1/parties/%ED%A0%80', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
    assertProblem(await t.call('GET', `/v1/parties/${'p'.repeat(300)}`, { as: 'viewer' }), 414, 'URI_TOO_LONG')
    assertProblem(await t.call('GET', `/v1/parties?cursor=${'a'.repeat(9000)}`, { as: 'viewer' }), 414, 'URI_TOO_LONG')
    assertProblem(await t.app.inject({ method: 'POST', url: '/v1/parties', headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' }), 415, 'UNSUPPORTED_MEDIA_TYPE')
    assertProblem(await t.app.inject({ method: 'POST', url: '/v1/parties', headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'application/json' }, payload: '{"name":' }), 400, 'INVALID_JSON')
  })

  test('headers too large (431) is problem+json from the HTTP parser itself', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    assert.ok(address && typeof address === 'object')
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: address.port, path: '/health', headers: { 'x-big': 'a'.repeat(20_000) } }, (res) => {
        let body = ''
        res.on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }))
      })
      req.on('error', reject)
      req.end()
    })
    assert.equal(answer.status, 431)
    assert.match(answer.type, /^application\/problem\+json/)
    assert.equal(JSON.parse(answer.body).code, 'HEADERS_TOO_LARGE')
  })

  test('nosniff on every answer; a CSP on /docs and everywhere else; uploaded HTML is an attachment that runs nothing', async () => {
    for (const r of [await t.call('GET', '/health', { as: null }), await t.call('GET', '/v1/nothing', { as: 'viewer' }), await t.call('GET', '/v1/parties', { as: 'viewer' })]) {
      assert.equal(r.headers['x-content-type-options'], 'nosniff')
      assert.match(String(r.headers['content-security-policy']), /default-src 'none'/)
    }
    const docs = await t.call('GET', '/docs/', { as: 'viewer' })
    assert.equal(docs.headers['x-content-type-options'], 'nosniff')
    assert.match(String(docs.headers['content-security-policy']), /script-src 'self'/)
    assert.doesNotMatch(String(docs.headers['content-security-policy']), /upgrade-insecure-requests/)
    const html = '<html><script>alert(document.cookie)</script></html>'
    const up = await t.app.inject({ method: 'POST', url: '/v1/documents?kind=other&filename=po.html', headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'text/html' }, payload: html })
    assert.equal(up.statusCode, 201, up.body)
    const down = await t.call('GET', `/v1/documents/${up.json().id}/content`, { as: 'viewer' })
    assert.equal(down.body, html)
    assert.match(String(down.headers['content-disposition']), /^attachment;/)
    assert.equal(down.headers['x-content-type-options'], 'nosniff')
    assert.match(String(down.headers['content-security-policy']), /sandbox/)
  })

  test('a nonsense cursor is a 400, not the first page', async () => {
    for (const c of ['zzz', 'bm9wZQ', '!!', 'MTIz-']) {
      const p = assertProblem(await t.call('GET', `/v1/parties?cursor=${c}`, { as: 'viewer' }), 400, 'VALIDATION_FAILED')
      assert.deepEqual(p.errors.map((e: { path: string }) => e.path), ['query.cursor'])
    }
    assertProblem(await t.call('GET', '/v1/audit?cursor=zzz', { as: 'viewer' }), 400, 'VALIDATION_FAILED')
    // real cursors still page
    for (let i = 0; i < 3; i++) await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: `P${i}`, country: 'AE' } })
    const first = (await t.call('GET', '/v1/parties?limit=2', { as: 'viewer' })).json()
    assert.ok(first.nextCursor)
    assert.equal((await t.call('GET', `/v1/parties?limit=2&cursor=${first.nextCursor}`, { as: 'viewer' })).statusCode, 200)
    const audit = (await t.call('GET', '/v1/audit?limit=1', { as: 'viewer' })).json()
    assert.equal((await t.call('GET', `/v1/audit?limit=1&cursor=${audit.nextCursor}`, { as: 'viewer' })).statusCode, 200)
  })

  test('wrong keys from one address are limited: 429 problem+json after the limit, without a lookup; keys that worked before still get in', async () => {
    for (let i = 0; i < 5; i++) assertProblem(await t.call('GET', '/v1/parties', { key: `wrong-${i}` }), 401, 'UNAUTHENTICATED')
    assertProblem(await t.call('GET', '/v1/parties', { key: 'wrong-again' }), 429, 'RATE_LIMITED')
    assertProblem(await t.call('GET', '/v1/parties', { as: null }), 429, 'RATE_LIMITED')
    // the viewer key authenticated earlier in this suite: a guesser on the same address does not lock it out
    assert.equal((await t.call('GET', '/v1/parties', { as: 'viewer' })).statusCode, 200)
    // a key never seen from here waits like a guess would (the approver key was not used in this suite)
    assertProblem(await t.call('GET', '/v1/parties', { as: 'approver' }), 429, 'RATE_LIMITED')
    assert.equal((await t.call('GET', '/health', { as: null })).statusCode, 200)
  })
})
