/**
 * A server started before `chipnav lists import` sees the new snapshot without a restart (it watches the
 * snapshot store's active pointer and swaps its screener), re-screens the stored parties against what the
 * next import changed, and shows the result in `GET /v1/events`.
 */
import { strict as assert } from 'node:assert'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { pino } from 'pino'
import { configFromEnv, startServer } from '../../src/server/main.js'
import { runCli } from '../helpers/run-cli.js'
import { V1, V2, waitFor, writeCsl } from './fixtures.js'

test('a running server picks up a CLI import without restart, and the next import re-screens into /v1/events', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-watch-'))
  process.env.CHIPNAV_LIST_WATCH_MS = '200'
  const server = await startServer(configFromEnv({ CHIPNAV_HOME: home }, { port: 0, host: '127.0.0.1', home, logLevel: 'silent' }), pino({ level: 'silent' }))
  try {
    const { key } = await server.store.createApiKey({ role: 'admin', actor: 'test' })
    const get = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } })
      return { status: res.status, body: (await res.json()) as any }
    }
    const screen = async (name: string) => {
      const res = await fetch(`${server.url}/v1/screen`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
      return { status: res.status, body: (await res.json()) as any }
    }
    assert.equal((await get('/health')).body.isScreeningAvailable, false)
    assert.equal((await screen('Nimbus Photonics Limited')).status, 409)

    const v1 = writeCsl(join(home, 'in', 'v1'), 'consolidated.csv', V1)
    const imported = runCli(['lists', 'import', v1], { env: { CHIPNAV_HOME: home } })
    assert.equal(imported.code, 0, imported.stderr)
    await waitFor('the server to see the import', async () => (await get('/health')).body.isScreeningAvailable === true, 30_000)

    const party = await server.store.createParty({ name: 'Zephyr Silicon Trading Company', country: 'HK', actor: 'test' })
    await waitFor('the baseline', async () => (await server.store.latestRescreenRun())?.status === 'baseline', 30_000)
    const v2 = writeCsl(join(home, 'in', 'v2'), 'consolidated.csv', V2)
    const second = runCli(['lists', 'import', v2], { env: { CHIPNAV_HOME: home } })
    assert.equal(second.code, 0, second.stderr)
    const page = await waitFor('the new hit in /v1/events', async () => {
      const r = await get('/v1/events')
      return r.body.items?.some((e: { type: string }) => e.type === 'hit.new') ? r.body : undefined
    }, 60_000)
    const hit = page.items.find((e: { type: string }) => e.type === 'hit.new')
    assert.equal(hit.data.partyId, party.id)
    assert.equal(hit.data.entryId, 'el-zephyr')
    // the swapped screener answers with the new entry
    const screened = await screen('Zephyr Silicon Trading Company')
    assert.equal(screened.status, 200)
    assert.equal(screened.body.hits[0]?.entryId, 'el-zephyr')
    // the feed pages by cursor
    const first = await get('/v1/events?limit=1')
    assert.equal(first.body.items.length, 1)
    if (first.body.nextCursor) {
      const next = await get(`/v1/events?limit=1&cursor=${first.body.nextCursor}`)
      assert.ok(next.body.items[0].seq > first.body.items[0].seq)
    }
  } finally {
    delete process.env.CHIPNAV_LIST_WATCH_MS
    await server.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test('a port already in use is PORT_UNAVAILABLE naming the address, not INTERNAL', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-port-'))
  const config = (port: number) => configFromEnv({ CHIPNAV_HOME: home }, { port, host: '127.0.0.1', home, logLevel: 'silent', isMonitoring: false })
  const first = await startServer(config(0), pino({ level: 'silent' }))
  try {
    const port = Number(new URL(first.url).port)
    await assert.rejects(startServer(config(port), pino({ level: 'silent' })), (e: { code?: string; message?: string }) => e.code === 'PORT_UNAVAILABLE' && new RegExp(`127\\.0\\.0\\.1:${port}: the address is already in use`).test(e.message ?? ''))
  } finally {
    await first.close()
  }
})

test('a second server on a taken port fails with PORT_UNAVAILABLE before it writes to the shared database', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-port-'))
  const config = (port: number, isMonitoring: boolean) => configFromEnv({ CHIPNAV_HOME: home }, { port, host: '127.0.0.1', home, logLevel: 'silent', isMonitoring })
  const first = await startServer(config(0, false), pino({ level: 'silent' }))
  try {
    // a stored transaction and no impact report for these rules: a server that starts its monitoring queues an impact run
    const { key } = await first.store.createApiKey({ role: 'admin', actor: 'test' })
    const posted = await fetch(`${first.url}/v1/transactions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ transaction: { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'IN' } }) })
    assert.equal(posted.status, 201)
    const state = async () => ({ events: (await first.store.listAuditEvents({ limit: 500 })).items.length, reports: (await first.store.listImpactReports({ limit: 50 })).items.length })
    const before = await state()
    const port = Number(new URL(first.url).port)
    await assert.rejects(startServer(config(port, true), pino({ level: 'silent' })), (e: { code?: string }) => e.code === 'PORT_UNAVAILABLE')
    await new Promise((r) => setTimeout(r, 500)) // anything the failed server left running would have written by now
    assert.deepEqual(await state(), before)
  } finally {
    await first.close()
    rmSync(home, { recursive: true, force: true })
  }
})
