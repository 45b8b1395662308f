/**
 * A list snapshot older than its limit produces a warning in every screening answer of the API and in /health;
 * GET /v1/lists gives each snapshot's age judged against its own limit (the web UI's dashboard shows it).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { openTestApp, type TestApp } from './server-fixture.js'

// the server's clock is 2026-11-26; a CSL whose latest listing is 2022-04-21 is years old
const STALE = { ...FIXTURE_SNAPSHOT, listDate: '2022-04-21', listDateBasis: 'latest-entry' as const }
const tx = JSON.parse(readFileSync(new URL('../../examples/h100-to-uae.json', import.meta.url), 'utf8')) as Record<string, unknown>

describe('stale lists in the API', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(undefined, { screener: buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [STALE] }) })
  })
  after(() => t.close())

  const assertStale = (warnings: { source: string; date: string; basis: string; maxAgeDays: number; message: string }[] | undefined) => {
    assert.equal(warnings?.length, 1)
    assert.equal(warnings![0]!.source, 'csl')
    assert.equal(warnings![0]!.date, '2022-04-21')
    assert.equal(warnings![0]!.basis, 'latest-entry')
    assert.equal(warnings![0]!.maxAgeDays, 14)
    assert.match(warnings![0]!.message, /CSL snapshot is dated 2022-04-21/)
  }

  test('/health', async () => {
    const r = await t.call('GET', '/health', { as: null })
    assert.equal(r.statusCode, 200)
    assertStale(r.json().listWarnings)
  })

  test('POST /v1/screen', async () => {
    const r = await t.call('POST', '/v1/screen', { as: 'viewer', body: { name: 'Huawei Technologies' } })
    assert.equal(r.statusCode, 200, r.body)
    assertStale(r.json().listWarnings)
  })

  test('POST /v1/screenings', async () => {
    const r = await t.call('POST', '/v1/screenings', { as: 'analyst', body: { name: 'Huawei Technologies' } })
    assert.equal(r.statusCode, 201, r.body)
    assertStale(r.json().listWarnings)
    assert.equal(r.json().hitCount, r.json().hits.length)
  })

  test('POST /v1/access-checks (it screens the person or tenant)', async () => {
    const check = JSON.parse(readFileSync(new URL('../../examples/deemed-export-cn.json', import.meta.url), 'utf8')) as Record<string, unknown>
    const r = await t.call('POST', '/v1/access-checks', { as: 'analyst', body: { check } })
    assert.equal(r.statusCode, 200, r.body)
    assertStale(r.json().listWarnings)
  })

  test('POST /v1/parties (the party is screened when recorded)', async () => {
    const r = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Moore Threads Technology Co., Ltd.', country: 'CN' } })
    assert.equal(r.statusCode, 201, r.body)
    assert.notEqual(r.json().screening, null)
    assertStale(r.json().listWarnings)
  })

  test('POST /v1/determinations', async () => {
    const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body: tx })
    assert.equal(r.statusCode, 201, r.body)
    assertStale(r.json().listWarnings)
  })
})

describe('fresh lists and the configured limit', () => {
  test('a snapshot within its limit gives no warning; a longer limit silences an old one', async () => {
    const fresh = await openTestApp()
    try {
      assert.deepEqual((await fresh.call('GET', '/health', { as: null })).json().listWarnings, [])
      assert.deepEqual((await fresh.call('POST', '/v1/screen', { as: 'viewer', body: { name: 'Huawei' } })).json().listWarnings, [])
    } finally {
      await fresh.close()
    }
    const lenient = await openTestApp(undefined, { screener: buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [STALE] }), maxListAge: { csl: 10_000 } })
    try {
      assert.deepEqual((await lenient.call('GET', '/health', { as: null })).json().listWarnings, [])
    } finally {
      await lenient.close()
    }
  })
})

describe('GET /v1/lists: each snapshot judged against its own limit', () => {
  test('the CSL past its 14 days is stale; so is a 2023 DPL past its 90 days; ages in whole days', async () => {
    const dpl = { ...FIXTURE_SNAPSHOT, source: 'dpl' as const, sha256: 'd'.repeat(64), listDate: '2023-11-28', listDateBasis: 'latest-entry' as const }
    const t = await openTestApp(undefined, { screener: buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [STALE, dpl] }) })
    try {
      const r = await t.call('GET', '/v1/lists', { as: 'viewer' })
      assert.equal(r.statusCode, 200, r.body)
      const ages = r.json().ages as { source: string; date: string; ageDays: number; maxAgeDays?: number; isStale: boolean }[]
      const now = Date.parse((await t.call('GET', '/health', { as: null })).json().time.slice(0, 10))
      const days = (date: string) => Math.floor((now - Date.parse(date)) / 86_400_000)
      const importedAt = FIXTURE_SNAPSHOT.importedAt
      assert.deepEqual(ages.find((a) => a.source === 'csl'), { source: 'csl', title: 'Consolidated Screening List (trade.gov)', date: '2022-04-21', basis: 'latest-entry', ageDays: days('2022-04-21'), importedAt, maxAgeDays: 14, isStale: true })
      assert.deepEqual(ages.find((a) => a.source === 'dpl'), { source: 'dpl', title: 'BIS Denied Persons List', date: '2023-11-28', basis: 'latest-entry', ageDays: days('2023-11-28'), importedAt, maxAgeDays: 90, isStale: true })
      // /health names the lists whose age is not judged (none here: the CSL and the DPL both have limits)
      assert.deepEqual((await t.call('GET', '/health', { as: null })).json().listsAgeNotJudged, [])
    } finally {
      await t.close()
    }
  })
})

describe('a list whose publication date is unknown (files imported from disk that state none)', () => {
  // OFAC's CSV imported the day before the server's clock: the import says nothing of the list's age
  const { listDate: _d, listDateBasis: _b, ...fixture } = FIXTURE_SNAPSHOT
  const UNDATED = { ...fixture, source: 'sdn' as const, sha256: 'e'.repeat(64), importedAt: '2026-11-25T10:00:00Z' }
  let t: TestApp
  before(async () => {
    t = await openTestApp(undefined, { screener: buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [{ ...FIXTURE_SNAPSHOT, listDate: '2026-11-25', listDateBasis: 'last-modified' }, UNDATED] }) })
  })
  after(() => t.close())

  const assertUndated = (warnings: { kind: string; source: string; date: string | null; ageDays: number | null; importedAt: string; message: string }[] | undefined) => {
    assert.deepEqual(
      warnings?.map((w) => [w.kind, w.source, w.date, w.ageDays, w.importedAt]),
      [['undated-list', 'sdn', null, null, '2026-11-25T10:00:00Z']],
    )
    assert.match(warnings![0]!.message, /publication date is unknown; imported 2026-11-25/)
  }

  test('/health, POST /v1/screen and POST /v1/determinations warn instead of counting its age from the import', async () => {
    assertUndated((await t.call('GET', '/health', { as: null })).json().listWarnings)
    assertUndated((await t.call('POST', '/v1/screen', { as: 'viewer', body: { name: 'Huawei Technologies' } })).json().listWarnings)
    const d = await t.call('POST', '/v1/determinations', { as: 'analyst', body: tx })
    assert.equal(d.statusCode, 201, d.body)
    assertUndated(d.json().listWarnings)
  })

  test('GET /v1/lists gives it no age and does not call it fresh', async () => {
    const ages = (await t.call('GET', '/v1/lists', { as: 'viewer' })).json().ages as { source: string; date: string | null; basis: string; ageDays: number | null; isStale: boolean }[]
    assert.deepEqual(ages.find((a) => a.source === 'sdn'), { source: 'sdn', title: 'OFAC Specially Designated Nationals (legacy CSV)', date: null, basis: 'unknown', ageDays: null, importedAt: '2026-11-25T10:00:00Z', maxAgeDays: 14, isStale: true })
    assert.deepEqual(ages.find((a) => a.source === 'csl')?.basis, 'last-modified')
  })
})
