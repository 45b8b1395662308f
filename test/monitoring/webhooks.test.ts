/** Webhook deliveries: signed, a failure retried (with the next attempt scheduled later), every attempt logged. */
import { strict as assert } from 'node:assert'
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { deliverWebhook, signWebhook, verifyWebhookSignature, SIGNATURE_HEADER } from '../../src/monitoring/webhooks.js'
import { openStore } from '../../src/store/open-store.js'

test('signature: HMAC-SHA256 over "<t>.<body>"; a changed body or an old timestamp does not verify', () => {
  const h = signWebhook('whsec_0123456789abcdef', 1_800_000_000, '{"a":1}')
  assert.match(h, /^t=1800000000,v1=[0-9a-f]{64}$/)
  assert.ok(verifyWebhookSignature({ secret: 'whsec_0123456789abcdef', header: h, body: '{"a":1}', nowSeconds: 1_800_000_010 }))
  assert.ok(!verifyWebhookSignature({ secret: 'whsec_0123456789abcdef', header: h, body: '{"a":2}', nowSeconds: 1_800_000_010 }))
  assert.ok(!verifyWebhookSignature({ secret: 'whsec_0123456789abcdef', header: h, body: '{"a":1}', nowSeconds: 1_800_001_000 }))
  assert.ok(!verifyWebhookSignature({ secret: 'another-secret-xyz', header: h, body: '{"a":1}', nowSeconds: 1_800_000_010 }))
})

test('a failed delivery is retried later and logged; once delivered it is not sent again', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-hooks-'))
  const store = await openStore({ home })
  let calls = 0
  const bodies: { header: string; body: string }[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      calls++
      bodies.push({ header: String(req.headers[SIGNATURE_HEADER]), body: Buffer.concat(chunks).toString() })
      res.writeHead(calls === 1 ? 500 : 204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  try {
    const { secret } = await store.addWebhook({ url: `http://127.0.0.1:${port}/h`, events: ['impact.found'], actor: 'admin' })
    await store.addWebhook({ url: `http://127.0.0.1:${port}/other`, events: ['hit.new'], actor: 'admin' })
    const { deliveryIds } = await store.appendEvents([{ type: 'impact.found', subjectType: 'impact-report', subjectId: 'imp_1', dedupeKey: 'impact.found:imp_1', data: { flips: 1 } }])
    assert.equal(deliveryIds.length, 1, 'only the webhook that wants impact.found gets a delivery')
    const now = new Date() // the delivery is due from when its event was appended (the store's clock)
    const first = await deliverWebhook(store, deliveryIds[0]!, () => now)
    assert.deepEqual([first.ok, first.statusCode, first.retry], [false, 500, true])
    const pending = (await store.listDeliveries()).items[0]!
    assert.equal(pending.status, 'pending')
    assert.ok(pending.nextAttemptAt > now.toISOString(), 'the next attempt is later (back-off)')
    const early = await deliverWebhook(store, deliveryIds[0]!, () => now)
    assert.deepEqual([early.skipped, calls], [true, 1], 'a job that starts long before the next attempt sends nothing')
    const later = () => new Date(pending.nextAttemptAt)
    const second = await deliverWebhook(store, deliveryIds[0]!, later)
    assert.deepEqual([second.ok, second.statusCode], [true, 204])
    await deliverWebhook(store, deliveryIds[0]!, later) // a job run twice
    assert.equal(calls, 2)
    const d = (await store.listDeliveries()).items[0]!
    assert.equal(d.status, 'delivered')
    assert.deepEqual(d.attemptLog.map((a) => a.statusCode), [500, 204])
    for (const b of bodies) assert.ok(verifyWebhookSignature({ secret, header: b.header, body: b.body, nowSeconds: Math.floor(now.getTime() / 1000) }))
    // the same event appended again (a retried job) is one event
    await store.appendEvents([{ type: 'impact.found', subjectType: 'impact-report', subjectId: 'imp_1', dedupeKey: 'impact.found:imp_1', data: { flips: 1 } }])
    assert.equal((await store.listEvents()).items.length, 1)
  } finally {
    await new Promise<void>((r) => server.close(() => r()))
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test('two jobs for one delivery at once (a sweep beside the first job): one request, one attempt logged', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-hooks-'))
  const store = await openStore({ home })
  let calls = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      calls++
      setTimeout(() => res.writeHead(204).end(), 100) // a receiver slow enough for the second job to arrive meanwhile
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  try {
    await store.addWebhook({ url: `http://127.0.0.1:${port}/h`, events: [], actor: 'admin' })
    const { deliveryIds } = await store.appendEvents([{ type: 'impact.found', subjectType: 'impact-report', subjectId: 'imp_2', dedupeKey: 'impact.found:imp_2', data: { flips: 1 } }])
    const results = await Promise.all([deliverWebhook(store, deliveryIds[0]!), deliverWebhook(store, deliveryIds[0]!)])
    assert.equal(calls, 1)
    assert.deepEqual(results.map((r) => [r.ok, r.skipped ?? false]).sort(), [[false, true], [true, false]])
    const d = (await store.listDeliveries()).items[0]!
    assert.equal(d.status, 'delivered')
    assert.equal(d.attemptLog.length, 1)
  } finally {
    await new Promise<void>((r) => server.close(() => r()))
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test('a job that reads a delivery while another job is sending it (taken, its lease ahead) sends nothing', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-hooks-'))
  const store = await openStore({ home })
  let calls = 0
  let arrived!: () => void
  const firstArrived = new Promise<void>((r) => (arrived = r))
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      calls++
      arrived()
      setTimeout(() => res.writeHead(204).end(), 300) // still sending when the second job reads the delivery
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  try {
    await store.addWebhook({ url: `http://127.0.0.1:${port}/h`, events: [], actor: 'admin' })
    const { deliveryIds } = await store.appendEvents([{ type: 'impact.found', subjectType: 'impact-report', subjectId: 'imp_3', dedupeKey: 'impact.found:imp_3', data: { flips: 1 } }])
    const first = deliverWebhook(store, deliveryIds[0]!)
    await firstArrived
    const second = await deliverWebhook(store, deliveryIds[0]!)
    assert.equal(second.skipped, true, 'the delivery is taken: the second job sends nothing')
    assert.equal((await first).ok, true)
    assert.equal(calls, 1)
    const d = (await store.listDeliveries()).items[0]!
    assert.deepEqual([d.status, d.attemptLog.length], ['delivered', 1])
  } finally {
    await new Promise<void>((r) => server.close(() => r()))
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})
