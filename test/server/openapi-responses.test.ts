/**
 * Every field an endpoint answers is documented in /openapi.json. The app does not validate responses at
 * run time (the schemas type the handlers through fastify-type-provider-zod, where `looseObject` or an
 * extra field of a returned value goes unnoticed), so this test calls every documented endpoint with
 * real requests and walks each 2xx JSON answer against the response schema the OpenAPI document gives
 * for it: an object key that the schema does not name is an undocumented field. It also checks that
 * every route in the document was called, so a new endpoint cannot skip the check.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { openTestApp, type TestApp } from './server-fixture.js'

type JsonSchema = {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  additionalProperties?: JsonSchema | boolean
  items?: JsonSchema
  prefixItems?: JsonSchema[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
}
type OpenApiDoc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>; components: { schemas: Record<string, JsonSchema> } }

const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>

/** The paths (dotted) of the keys in `value` that `schema` does not name; [] when everything is documented. */
export function undocumentedFields(value: unknown, schema: JsonSchema, doc: OpenApiDoc, path = '$'): string[] {
  const s = resolve(schema, doc)
  if (value === null || typeof value !== 'object') return []
  const alternatives = s.anyOf ?? s.oneOf
  if (alternatives) {
    // the alternative that documents the most of the value (the one the value was meant to be)
    let best: string[] | undefined
    for (const a of alternatives) {
      const r = undocumentedFields(value, a, doc, path)
      if (best === undefined || r.length < best.length) best = r
    }
    return best ?? []
  }
  if (s.allOf) {
    const parts = s.allOf.map((p) => resolve(p, doc))
    // a part that is a union (an event view: one of the events, and its actorLabel): each of its alternatives with the other parts
    const u = parts.findIndex((p) => (p.anyOf ?? p.oneOf) !== undefined)
    if (u >= 0) return undocumentedFields(value, { anyOf: (parts[u]!.anyOf ?? parts[u]!.oneOf)!.map((a) => ({ allOf: parts.map((p, i) => (i === u ? a : p)) })) }, doc, path)
    const merged: JsonSchema = { properties: {} }
    for (const part of parts) Object.assign(merged.properties!, part.properties ?? {})
    return undocumentedFields(value, merged, doc, path)
  }
  if (Array.isArray(value)) {
    if (s.prefixItems) return value.flatMap((v, i) => (s.prefixItems![i] ? undocumentedFields(v, s.prefixItems![i]!, doc, `${path}[${i}]`) : []))
    return s.items ? value.flatMap((v, i) => undocumentedFields(v, s.items!, doc, `${path}[${i}]`)) : []
  }
  const out: string[] = []
  const extra = typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length > 0 ? s.additionalProperties : undefined
  for (const [k, v] of Object.entries(value)) {
    const p = s.properties?.[k]
    if (p) out.push(...undocumentedFields(v, p, doc, `${path}.${k}`))
    else if (extra) out.push(...undocumentedFields(v, extra, doc, `${path}.${k}`))
    else if (s.properties !== undefined || s.additionalProperties === false) out.push(`${path}.${k}`)
  }
  return out
}

function resolve(schema: JsonSchema, doc: OpenApiDoc): JsonSchema {
  let s = schema
  for (let i = 0; s.$ref !== undefined && i < 20; i++) {
    const name = s.$ref.replace('#/components/schemas/', '')
    const next = doc.components.schemas[name]
    assert.ok(next, `the OpenAPI document has no schema ${s.$ref}`)
    s = next
  }
  return s
}

describe('every field of every answer is documented in OpenAPI', () => {
  let t: TestApp
  let doc: OpenApiDoc
  const called = new Set<string>()
  const problems: string[] = []

  const home = mkdtempSync(join(tmpdir(), 'chipnav-openapi-'))
  before(async () => {
    t = await openTestApp(undefined, { home })
    doc = (await t.call('GET', '/openapi.json')).json()
  })
  after(async () => {
    await t?.close()
    rmSync(home, { recursive: true, force: true })
  })

  /** Call an endpoint (the documented `route`, with `url` filled in) and check a 2xx JSON answer against its schema. */
  async function check(method: 'GET' | 'POST' | 'DELETE', route: string, url: string, options: { as?: 'viewer' | 'analyst' | 'approver' | 'admin'; body?: unknown; raw?: { payload: string | Buffer; contentType: string } } = {}) {
    const r = options.raw
      ? await t.app.inject({ method, url, headers: { authorization: `Bearer ${t.keys[options.as ?? 'admin']}`, 'content-type': options.raw.contentType }, payload: options.raw.payload })
      : await t.call(method, url, { as: options.as ?? 'admin', ...(options.body !== undefined ? { body: options.body } : {}) })
    assert.ok(r.statusCode >= 200 && r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`)
    called.add(`${method.toLowerCase()} ${route}`)
    const op = doc.paths[route]?.[method.toLowerCase()]
    assert.ok(op, `${method} ${route} is not in the OpenAPI document`)
    const content = op.responses[String(r.statusCode)]?.content
    assert.ok(content, `${method} ${route} documents no ${r.statusCode} answer`)
    if (!String(r.headers['content-type']).startsWith('application/json')) return r
    const schema = content['application/json']?.schema
    assert.ok(schema, `${method} ${route} documents no JSON answer for ${r.statusCode}`)
    for (const f of undocumentedFields(r.json(), schema, doc)) problems.push(`${method} ${route} ${r.statusCode}: ${f}`)
    return r
  }

  test('the checker finds an undocumented field, and accepts a documented one', () => {
    const d: OpenApiDoc = { paths: {}, components: { schemas: { X: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: {} } } } }
    assert.deepEqual(undocumentedFields({ a: 'x', b: 1 }, { $ref: '#/components/schemas/X' }, d), ['$.b'])
    assert.deepEqual(undocumentedFields([{ a: 'x' }], { type: 'array', items: { $ref: '#/components/schemas/X' } }, d), [])
    assert.deepEqual(undocumentedFields({ m: { k: { a: 'x', c: 2 } } }, { type: 'object', properties: { m: { type: 'object', additionalProperties: { $ref: '#/components/schemas/X' } } } }, d), ['$.m.k.c'])
    assert.deepEqual(undocumentedFields({ a: null }, { anyOf: [{ $ref: '#/components/schemas/X' }, { type: 'null' }] }, d), [])
    const view: JsonSchema = { allOf: [{ oneOf: [{ $ref: '#/components/schemas/X' }, { type: 'object', properties: { b: { type: 'number' } } }] }, { type: 'object', properties: { label: { type: 'string' } } }] }
    assert.deepEqual(undocumentedFields({ a: 'x', label: 'y' }, view, d), [])
    assert.deepEqual(undocumentedFields({ b: 1, label: 'y', c: 2 }, view, d), ['$.c'])
  })

  test('every documented endpoint, called with real requests', async () => {
    await check('GET', '/health', '/health')
    await check('POST', '/v1/classify', '/v1/classify', { as: 'viewer', body: { item: { chip: 'nvidia-h100-sxm' }, date: '2024-06-01' } })
    await check('POST', '/v1/classify', '/v1/classify', { as: 'viewer', body: { item: { system: 'nvidia-hgx-h200-8gpu' }, date: '2024-06-01' } })
    await check('POST', '/v1/screen', '/v1/screen', { as: 'viewer', body: { name: 'Huawei Technologies', country: 'CN' } })
    await check('POST', '/v1/match', '/v1/match', { as: 'viewer', body: { a: 'Huawei Technologies Co., Ltd.', b: 'Huawei Technologies' } })
    await check('GET', '/v1/timeline', '/v1/timeline?from=2025-01-01&to=2025-12-31', { as: 'viewer' })
    await check('GET', '/v1/red-flags', '/v1/red-flags?date=2026-01-01', { as: 'viewer' })
    await check('GET', '/v1/certifications', '/v1/certifications?date=2026-02-01', { as: 'viewer' })
    await check('GET', '/v1/lists', '/v1/lists', { as: 'viewer' })

    const party = (await check('POST', '/v1/parties', '/v1/parties', { as: 'analyst', body: { name: 'Huawei Technologies Co., Ltd.', country: 'CN', headquarters: 'CN', ultimateParent: { name: 'Huawei Investment & Holding', headquarters: 'CN' }, ownership: [{ ownerName: 'Huawei Investment & Holding', share: 1 }], identifiers: [{ scheme: 'uscc', value: '914403001922038216' }] } })).json()
    await check('GET', '/v1/parties', '/v1/parties')
    await check('GET', '/v1/parties/{id}', `/v1/parties/${party.id}`)

    const run = (await check('POST', '/v1/screenings', '/v1/screenings', { as: 'analyst', body: { partyId: party.id } })).json()
    assert.ok(run.hits.length > 0)
    await check('GET', '/v1/screenings', '/v1/screenings')
    await check('GET', '/v1/screenings/{id}', `/v1/screenings/${run.id}`)
    await check('GET', '/v1/screenings/hits', '/v1/screenings/hits')
    await check('POST', '/v1/screenings/{id}/hits/{hitId}/review', `/v1/screenings/${run.id}/hits/${run.hits[0].id}/review`, { as: 'approver', body: { decision: 'cleared', reason: 'a different company' } })

    const d = (await check('POST', '/v1/determinations', '/v1/determinations', { as: 'analyst', body: example('h100-to-uae.json') })).json()
    await check('GET', '/v1/determinations/{id}', `/v1/determinations/${d.id}`)
    await check('POST', '/v1/determinations', '/v1/determinations?regime=as-published', { as: 'analyst', body: { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 100, to: 'IN', parties: [{ role: 'ultimate-consignee', name: 'Bharat Compute', country: 'IN' }] } })
    await check('POST', '/v1/determinations', '/v1/determinations', { as: 'analyst', body: example('h20-to-china.json') })
    await check('POST', '/v1/determinations/preview', '/v1/determinations/preview', { as: 'viewer', body: { ...example('h100-to-uae.json'), answers: { 'kyc-reluctant-end-use': 'yes' } } })
    const listed = (await check('POST', '/v1/determinations', '/v1/determinations', { as: 'analyst', body: { date: '2024-06-01', item: { system: 'nvidia-hgx-h200-8gpu' }, quantity: 1, to: 'AE', parties: [{ role: 'purchaser', name: 'Zephyrine Quillfeather Export Trading', country: 'AE', owners: [{ name: 'Huawei Technologies Co., Ltd.', share: 0.6 }] }] } })).json()
    assert.ok(listed.parties[0].screening.hits.length > 0 && listed.parties[0].owners[0].screening.hits.length > 0, 'a party and an owner with hits')
    assert.ok(listed.item.classification.components.length > 0, 'a system with its components')
    await check('POST', '/v1/determinations', '/v1/determinations', { as: 'analyst', body: { date: '2024-06-01', item: { spec: { id: 'x1', kind: 'chip', throughput: [{ precision: 'fp16', bitLength: 16, tops: 989.4, sparse: false }], datacenter: true } }, quantity: 1, to: 'CN' } })
    const tx = (await check('POST', '/v1/transactions', '/v1/transactions', { as: 'analyst', body: { transaction: example('h100-to-uae.json'), partyIds: [party.id], reference: 'PO 4711' } })).json()
    await check('GET', '/v1/transactions', '/v1/transactions')
    await check('GET', '/v1/transactions/{id}', `/v1/transactions/${tx.id}`)
    const rechecked = (await check('POST', '/v1/transactions/{id}/recheck', `/v1/transactions/${listed.id}/recheck`, { as: 'analyst' })).json()
    assert.equal(rechecked.recheckOf.transactionId, listed.id)

    const lic = (await check('POST', '/v1/licenses', '/v1/licenses', { as: 'approver', body: { number: 'D-OPENAPI-1', items: ['nvidia-h100-sxm'], eccns: ['3A090.a'], destinations: ['AE'], authorizedQuantity: 20, validFrom: '2024-01-01', validTo: '2028-12-31' } })).json()
    await check('GET', '/v1/licenses', '/v1/licenses')
    await check('GET', '/v1/licenses/{id}', `/v1/licenses/${lic.id}`)
    await check('POST', '/v1/transactions/{id}/approval', `/v1/transactions/${tx.id}/approval`, { as: 'approver', body: { decision: 'approved', licenseId: lic.id, reason: 'covered' } })
    const shipped = (await check('POST', '/v1/licenses/{id}/shipments', `/v1/licenses/${lic.id}/shipments`, { as: 'analyst', body: { quantity: 8, shippedOn: '2024-06-03', destination: 'AE', transactionId: tx.id } })).json()
    await check('GET', '/v1/licenses/{id}/shipments', `/v1/licenses/${lic.id}/shipments`)

    await check('POST', '/v1/allocations', '/v1/allocations', { as: 'analyst', body: { kind: 'tier2-country', country: 'IN', year: 2025, tpp: 1000, cap: 790_000_000 } })
    await check('POST', '/v1/allocations', '/v1/allocations', { as: 'analyst', body: { kind: 'lpp-consignee', country: 'IN', consignee: 'Bharat Compute', year: 2025, tpp: 300 } })
    await check('GET', '/v1/allocations', '/v1/allocations')
    await check('GET', '/v1/allocations/ledger', '/v1/allocations/ledger?year=2025&country=IN&consignee=Bharat%20Compute')

    const document = (await check('POST', '/v1/documents', `/v1/documents?kind=end-user-certificate&eventOn=2019-01-01&expiresOn=2026-12-01&transactionId=${tx.id}&filename=eus.txt`, { as: 'analyst', raw: { payload: 'end-user statement', contentType: 'text/plain' } })).json()
    const old = (await check('POST', '/v1/documents', '/v1/documents?kind=invoice&eventOn=2019-01-01', { as: 'analyst', raw: { payload: 'old invoice', contentType: 'text/plain' } })).json()
    await check('GET', '/v1/documents', '/v1/documents')
    await check('GET', '/v1/documents/alerts', '/v1/documents/alerts')
    await check('GET', '/v1/documents/{id}', `/v1/documents/${document.id}`)
    await check('GET', '/v1/documents/{id}/content', `/v1/documents/${document.id}/content`)
    await check('POST', '/v1/documents/{id}/legal-hold', `/v1/documents/${document.id}/legal-hold`, { as: 'approver', body: { reason: 'subpoena 2026-17' } })
    await check('DELETE', '/v1/documents/{id}/legal-hold', `/v1/documents/${document.id}/legal-hold`, { as: 'approver', body: { reason: 'subpoena withdrawn' } })
    await check('DELETE', '/v1/documents/{id}', `/v1/documents/${old.id}`, { as: 'approver' })

    await check('POST', '/v1/tech-access', '/v1/tech-access', { as: 'analyst', body: { subject: 'researcher-17', nationality: 'CN', location: 'US', resource: 'cluster-east', eccn: '4E001', accessedAt: '2026-11-20T09:30:00Z', note: 'onboarding' } })
    await check('GET', '/v1/tech-access', '/v1/tech-access')
    await check('POST', '/v1/access-checks', '/v1/access-checks', { as: 'viewer', body: { check: { date: '2025-03-10', who: { kind: 'person', name: 'Engineer A', citizenships: ['CN'] }, what: { kind: 'technology', eccn: '3E001' }, where: { country: 'US' } } } })
    const dep = (await check('POST', '/v1/deployments', '/v1/deployments', { as: 'analyst', body: { site: { country: 'MY', operator: 'Zephyrine Quillfeather Export Trading', address: 'Cyberjaya', declaredCapacity: 10 }, shippedQuantity: 12, attestationIntervalDays: 30, deployedOn: '2026-01-01' } })).json()
    await check('POST', '/v1/deployments/{id}/attestations', `/v1/deployments/${dep.id}/attestations`, { as: 'analyst', body: { attestedOn: '2026-01-15', attestedQuantity: 9, evidenceDocumentIds: ['doc_1'] } })
    await check('POST', '/v1/deployments/{id}/shipments', `/v1/deployments/${dep.id}/shipments`, { as: 'analyst', body: { shipmentId: shipped.shipment.id, serials: ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'] } })
    await check('GET', '/v1/deployments/{id}', `/v1/deployments/${dep.id}?asOf=2026-06-01`, { as: 'viewer' })
    await check('GET', '/v1/deployments', '/v1/deployments', { as: 'viewer' })
    await check('POST', '/v1/authorisations', '/v1/authorisations', { as: 'approver', body: { program: 'data-center-veu', reference: 'FR notice (test)', endUser: 'Example DC', site: { country: 'IN', address: 'Mumbai' }, eccns: ['3A090'], conditions: ['none'], validFrom: '2025-01-01' } })
    await check('GET', '/v1/authorisations', '/v1/authorisations', { as: 'viewer' })
    await check('GET', '/v1/tech-access/report', '/v1/tech-access/report?from=2026-11-01&to=2026-11-30', { as: 'viewer' })

    const key = (await check('POST', '/v1/keys', '/v1/keys', { body: { role: 'viewer', label: 'auditor' } })).json()
    await check('GET', '/v1/keys', '/v1/keys')
    await check('DELETE', '/v1/keys/{id}', `/v1/keys/${key.apiKey.id}`)

    // issue 12: the chips page, replay, named users and sessions
    await check('GET', '/v1/chips', '/v1/chips?date=2024-06-01', { as: 'viewer' })
    await check('GET', '/v1/transactions/{id}/replay', `/v1/transactions/${tx.id}/replay?asOf=2023-06-01`, { as: 'viewer' })
    await check('POST', '/v1/users', '/v1/users', { body: { username: 'officer', role: 'approver', password: 'correct horse battery' } })
    await check('GET', '/v1/users', '/v1/users')
    await check('POST', '/v1/session', '/v1/session', { body: { username: 'officer', password: 'correct horse battery' } })
    await check('GET', '/v1/session', '/v1/session')
    await check('DELETE', '/v1/session', '/v1/session')

    // issue 14: an access check (a PRC-headquartered tenant renting H100 capacity in Malaysia, training for a listed party)
    await check('POST', '/v1/access-checks', '/v1/access-checks', { as: 'viewer', body: { check: { date: '2026-06-01', who: { kind: 'organisation', name: 'Dragon Cloud Holdings Ltd', country: 'MY', headquarters: 'CN' }, what: { kind: 'compute', item: { chip: 'nvidia-h100-sxm' }, quantity: 64 }, where: { country: 'MY', operator: { name: 'Johor AI Data Centre Sdn Bhd', country: 'MY' } }, purpose: { use: 'training', forParty: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } } } } })

    await check('GET', '/v1/audit', '/v1/audit?limit=500')
    await check('GET', '/v1/audit/verify', '/v1/audit/verify')

    // monitoring (issue 13): a re-screen run's hit on the party, which holds its transaction
    const monitored = (await check('POST', '/v1/transactions', '/v1/transactions', { as: 'analyst', body: { transaction: { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'FR' }, partyIds: [party.id] } })).json()
    const hook = (await check('POST', '/v1/webhooks', '/v1/webhooks', { body: { url: 'http://127.0.0.1:9/hook', events: ['hit.new'] } })).json()
    await t.store.createRescreenRun({ id: 'rs-openapi', fromKey: 'a', toKey: 'b', toSnapshots: [], delta: { added: [], changed: [], removed: [] }, status: 'running', chunkSize: 1000 })
    await t.store.applyPartyRescreen({ runId: 'rs-openapi', partyId: party.id, hits: [{ list: 'el', entryId: 'el-openapi', entryHash: 'a'.repeat(64), score: 0.95, primaryName: 'Huawei Technologies Co., Ltd.', matchedName: 'Huawei Technologies Co., Ltd.' }], query: { name: party.name, country: 'CN' }, threshold: 0.8, snapshots: [], removed: [], actor: 'system:monitoring' })
    await check('GET', '/v1/events', '/v1/events?limit=10', { as: 'viewer' })
    await check('GET', '/v1/webhooks', '/v1/webhooks')
    await check('GET', '/v1/webhooks/deliveries', '/v1/webhooks/deliveries')
    await check('DELETE', '/v1/webhooks/{id}', `/v1/webhooks/${hook.webhook.id}`)
    await check('GET', '/v1/transactions/{id}/holds', `/v1/transactions/${monitored.id}/holds`, { as: 'viewer' })
    await check('POST', '/v1/transactions/{id}/holds/release', `/v1/transactions/${monitored.id}/holds/release`, { as: 'approver', body: { reason: 'hit reviewed: a different company' } })
    const impact = (await check('GET', '/v1/impact', '/v1/impact?from=2025-01-01&to=2026-03-01', { as: 'analyst' })).json()
    assert.equal(typeof impact.createdByLabel, 'string', 'the analyst who ran the impact report is named')
    await check('GET', '/v1/impact/{id}', `/v1/impact/${impact.id}`, { as: 'viewer' })
    await check('GET', '/v1/rescreens/latest', '/v1/rescreens/latest', { as: 'viewer' })

    // last, as it replaces the fixture screener: a list import (a small DPL file) and the lists status after it
    const dpl = readFileSync(new URL('../fixtures/lists/dpl.txt', import.meta.url))
    const imported = (await check('POST', '/v1/lists/import', '/v1/lists/import', { body: { files: [{ name: 'dpl.txt', contentBase64: dpl.toString('base64') }] } })).json()
    assert.equal(imported.imported.length, 1)
    assert.equal((await check('GET', '/v1/lists', '/v1/lists', { as: 'viewer' })).json().snapshots.length, 1)

    assert.deepEqual(problems, [], `undocumented fields:\n${problems.join('\n')}`)
  })

  test('every route in the OpenAPI document was called', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
    const missed = documented.filter((r) => !called.has(r))
    assert.deepEqual(missed, [])
  })
})
