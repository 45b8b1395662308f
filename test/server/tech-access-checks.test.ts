/**
 * Technology access logs are checked (issue 14): each access is evaluated as a release of its ECCN when it is
 * recorded; one that needs a licence without one on file is flagged and opens a `tech-access.flagged` event; a
 * licence on file that covers it clears the flag; the report groups accesses by nationality, ECCN and outcome.
 * SQLite always; PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

for (const dialect of storeDialectsUnderTest()) {
  describe(`technology access checks (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestApp
    before(async () => {
      t = await openTestApp(dialect)
    })
    after(async () => t?.close())

    const log = async (body: Record<string, unknown>) => {
      const r = await t.call('POST', '/v1/tech-access', { as: 'analyst', body })
      assert.equal(r.statusCode, 201, r.body)
      return r.json()
    }
    const flaggedEvents = async () => (await t.call('GET', '/v1/events?type=tech-access.flagged&limit=100', { as: 'viewer' })).json().items as { subjectId: string; data: Record<string, unknown> }[]

    const cnInCn = { subject: 'eng-cn-1', nationality: 'CN', location: 'CN', resource: 'gpu-design-docs', eccn: '3E001', accessedAt: '2025-03-10T09:00:00Z' }

    test('a 3E001 release to a Chinese national in China is flagged and opens an alert', async () => {
      const a = await log(cnInCn)
      assert.ok(a.check, JSON.stringify(a))
      assert.ok(['LICENSE_REQUIRED', 'PROHIBITED'].includes(a.check.verdict), a.check.verdict)
      assert.equal(a.check.flagged, true)
      assert.equal(a.check.licenseId, null)
      assert.match(a.check.rulesVersion, /\S/)
      const ev = (await flaggedEvents()).filter((e) => e.subjectId === a.id)
      assert.equal(ev.length, 1)
      assert.equal(ev[0]!.data.eccn, '3E001')
      const listed = (await t.call('GET', '/v1/tech-access?subject=eng-cn-1', { as: 'viewer' })).json().items
      assert.equal(listed[0].check.flagged, true)
    })

    test('the same release in the United States is not flagged (deemed export carve-out) and opens no alert', async () => {
      const a = await log({ ...cnInCn, subject: 'eng-cn-2', location: 'US' })
      assert.equal(a.check.verdict, 'NLR')
      assert.equal(a.check.flagged, false)
      assert.equal((await flaggedEvents()).filter((e) => e.subjectId === a.id).length, 0)
    })

    test('a licence on file that covers the release clears the flag and is named', async () => {
      const l = await t.call('POST', '/v1/licenses', { as: 'approver', body: { number: 'D-TECH-1', eccns: ['3E001'], destinations: ['CN'], parties: ['eng-cn-3'], validFrom: '2025-01-01', validTo: '2026-12-31' } })
      assert.equal(l.statusCode, 201, l.body)
      const covered = await log({ ...cnInCn, subject: 'eng-cn-3' })
      assert.equal(covered.check.flagged, false)
      assert.equal(covered.check.licenseId, l.json().id)
      // the licence names another person: not covered
      const other = await log({ ...cnInCn, subject: 'eng-cn-4' })
      assert.equal(other.check.flagged, true)
      // outside its validity: not covered
      const late = await log({ ...cnInCn, subject: 'eng-cn-3', accessedAt: '2027-01-05T09:00:00Z' })
      assert.equal(late.check.flagged, true)
    })

    test('an access without a technology ECCN is stored as logged, unevaluated', async () => {
      const a = await log({ subject: 'ops-1', nationality: 'CN', location: 'CN', resource: 'cluster-east', accessedAt: '2025-03-11T09:00:00Z' })
      assert.equal(a.check, undefined)
    })

    test('the report groups the period by nationality, ECCN and outcome; bad ranges name the field', async () => {
      const r = await t.call('GET', '/v1/tech-access/report?from=2025-03-01&to=2025-03-31', { as: 'viewer' })
      assert.equal(r.statusCode, 200, r.body)
      const rows = r.json().rows as { nationality: string; eccn: string | null; verdict: string | null; flagged: boolean; accesses: number; subjects: number }[]
      const flagged = rows.find((x) => x.nationality === 'CN' && x.eccn === '3E001' && x.flagged)
      assert.ok(flagged, JSON.stringify(rows))
      assert.equal(flagged.accesses, 2) // eng-cn-1 and eng-cn-4 (the 2027 access is outside the period)
      assert.equal(flagged.subjects, 2)
      const clear = rows.filter((x) => x.nationality === 'CN' && x.eccn === '3E001' && !x.flagged).reduce((n, x) => n + x.accesses, 0)
      assert.equal(clear, 2) // eng-cn-2 (US) and eng-cn-3 (licensed)
      assert.ok(rows.some((x) => x.eccn === null && x.verdict === null && x.accesses === 1))
      const empty = (await t.call('GET', '/v1/tech-access/report?from=2024-01-01&to=2024-01-31', { as: 'viewer' })).json()
      assert.deepEqual(empty.rows, [])
      const bad = await t.call('GET', '/v1/tech-access/report?from=2025-04-01&to=2025-03-01', { as: 'viewer' })
      assert.equal(bad.statusCode, 400, bad.body)
      assert.equal(bad.json().code, 'VALIDATION_FAILED')
      const bad2 = await t.call('GET', '/v1/tech-access/report?from=March', { as: 'viewer' })
      assert.equal(bad2.statusCode, 400)
    })

    test('the audit chain stays valid after checked accesses', async () => {
      const r = await t.call('GET', '/v1/audit/verify', { as: 'admin' })
      assert.equal(r.statusCode, 200, r.body)
      assert.equal(r.json().ok, true, r.body)
      assert.deepEqual(r.json().problems, [])
    })
  })
}
