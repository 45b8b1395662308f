/**
 * API fuzzing generated from /openapi.json: every operation, as every role (and without a key), with
 * requests drawn from its schemas and mixed with hostile values (fuzz/openapi-arbitraries.ts). No answer
 * is a 5xx, every 4xx is problem+json with its code, and the audit trail verifies at the end — on SQLite,
 * and on PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set (CI sets it). A fixed seed and bounded runs
 * keep it repeatable and short; CHIPNAV_FUZZ_RUNS raises the runs per operation and role.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { operationsOf, type FuzzRequest, type OpenApiDocument } from './fuzz/openapi-arbitraries.js'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

const SEED = 20261207
const RUNS = Number(process.env.CHIPNAV_FUZZ_RUNS ?? 6)
const ROLES = ['viewer', 'analyst', 'approver', 'admin', null] as const

for (const dialect of storeDialectsUnderTest()) {
  describe(`API fuzzing from /openapi.json (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    let home: string
    let doc: OpenApiDocument
    const ids: string[] = []
    before(async () => {
      home = mkdtempSync(join(tmpdir(), 'chipnav-fuzz-'))
      t = await openTestApp(dialect, { home })
      doc = (await t.call('GET', '/openapi.json', { as: 'viewer' })).json()
      // real records, so generated paths also reach existing ones
      const party = (await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Example Cloud LLC', country: 'AE' } })).json()
      const tx = (await t.call('POST', '/v1/determinations', { as: 'analyst', body: { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'end-user', name: 'Huawei Technologies', country: 'CN' }] } })).json()
      const lic = (await t.call('POST', '/v1/licenses', { as: 'approver', body: { number: 'D1', items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['AE'], validFrom: '2024-01-01', validTo: '2028-01-01' } })).json()
      const docu = (await t.app.inject({ method: 'POST', url: '/v1/documents?kind=other', headers: { authorization: `Bearer ${t.keys.analyst}`, 'content-type': 'text/plain' }, payload: 'PO 1' })).json()
      const run = (await t.call('POST', '/v1/screenings', { as: 'analyst', body: { name: 'Huawei Technologies', country: 'CN' } })).json()
      ids.push(party.id, tx.id, lic.id, docu.id, run.id, ...(run.hits ?? []).map((h: { id: string }) => h.id))
    })
    after(async () => {
      await t?.close()
      rmSync(home, { recursive: true, force: true })
    })

    test('no 5xx; every 4xx is problem+json; the audit trail still verifies', async () => {
      const ops = operationsOf(doc, ids)
      assert.ok(ops.length >= 40, `${ops.length} operations in /openapi.json`)
      const send = async (role: (typeof ROLES)[number], r: FuzzRequest) => {
        const key = role === null ? undefined : t.keys[role]
        return t.app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(r.contentType ? { 'content-type': r.contentType } : {}) },
          ...(r.body !== undefined ? { payload: r.body } : {}),
        })
      }
      let requests = 0
      const statuses = new Map<number, number>()
      for (const op of ops) {
        for (const role of ROLES) {
          await fc.assert(
            fc.asyncProperty(op.request, async (r) => {
              const res = await send(role, r)
              requests++
              statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
              const where = `${role ?? 'no key'} ${r.method} ${r.url.slice(0, 200)} ${String(r.body).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`
              assert.ok(res.statusCode < 500, where)
              if (res.statusCode >= 400) {
                assert.match(String(res.headers['content-type']), /^application\/problem\+json/, where)
                const p = res.json()
                assert.equal(p.status, res.statusCode, where)
                assert.equal(p.type, `urn:chipnav:problem:${p.code}`, where)
              }
              assert.equal(res.headers['x-content-type-options'], 'nosniff', where)
            }),
            { seed: SEED, numRuns: role === null ? 2 : RUNS, endOnFailure: true },
          )
        }
      }
      const verification = await t.store.verifyAudit()
      assert.equal(verification.ok, true, JSON.stringify(verification.problems.slice(0, 5)))
      assert.ok(requests > ops.length * RUNS, `${requests} requests`)
      // the fuzzing reached handlers, not only the validators: some requests succeeded
      assert.ok([...statuses.keys()].some((s) => s < 300), JSON.stringify([...statuses]))
    })
  })
}
