/**
 * Webhook deliveries (issue 13). Each event is POSTed as JSON with
 *   chipnav-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 * so a receiver checks the body and the time it was signed (and refuses an old replay). A failed delivery
 * (network error, timeout, non-2xx) is retried with back-off; every attempt is logged in the store.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { MonitoringStore } from '../records/monitoring-records.js'
import { backoffSeconds } from '../jobs/job-queue.js'

export const SIGNATURE_HEADER = 'chipnav-signature'
/** attempts in all (the first and its retries) before a delivery is marked failed */
export const MAX_DELIVERY_ATTEMPTS = 6
export const RETRY_BASE_SECONDS = 5
const TIMEOUT_MS = 10_000
/** how long past the request timeout a delivery stays taken by its sender */
const LEASE_MARGIN_MS = 30_000
/** a job may start this much before its delivery's next attempt (clocks of job queue and store); a lease is far longer */
const EARLY_START_MS = 1_000

export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${mac}`
}

/** Checks a signature header (what a receiver does): the MAC, and the timestamp within `toleranceSeconds` of `now`. */
export function verifyWebhookSignature(o: { secret: string; header: string | undefined; body: string; nowSeconds: number; toleranceSeconds?: number }): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(o.header ?? '')
  if (!m) return false
  const t = Number(m[1])
  if (Math.abs(o.nowSeconds - t) > (o.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(signWebhook(o.secret, t, o.body).split('v1=')[1]!, 'hex')
  const given = Buffer.from(m[2]!, 'hex')
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** `skipped`: nothing was sent because another job holds the delivery (two jobs for one delivery, e.g. a sweep) */
export type DeliveryResult = { ok: boolean; statusCode: number | null; error: string | null; retry: boolean; skipped?: true }

/**
 * Sends one delivery and logs the attempt. Already delivered or failed: nothing is sent (a job run twice).
 * Returns whether a retry should follow (the job layer schedules it with back-off).
 */
export async function deliverWebhook(store: MonitoringStore, deliveryId: string, clock: () => Date = () => new Date()): Promise<DeliveryResult> {
  const d = await store.getDeliveryToSend(deliveryId)
  if (!d || d.delivery.status !== 'pending' || !d.webhook.isActive) return { ok: d?.delivery.status === 'delivered', statusCode: null, error: null, retry: false }
  // one sender per attempt: a second job for the same delivery (a sweep, a retried job) finds it taken and sends
  // nothing; a sender that dies lets the lease run out, and the sweep queues it again (at least once, never twice at once).
  // Taken means its next attempt lies ahead (the lease): a job that reads it while another sends must not claim the lease.
  if (Date.parse(d.delivery.nextAttemptAt) > clock().getTime() + EARLY_START_MS) return { ok: false, statusCode: null, error: null, retry: false, skipped: true }
  const leaseUntil = new Date(clock().getTime() + TIMEOUT_MS + LEASE_MARGIN_MS).toISOString()
  if (!(await store.claimDelivery({ deliveryId, seenNextAttemptAt: d.delivery.nextAttemptAt, leaseUntil }))) return { ok: false, statusCode: null, error: null, retry: false, skipped: true }
  const body = JSON.stringify({ id: `${d.event.seq}`, type: d.event.type, at: d.event.at, subject: { type: d.event.subjectType, id: d.event.subjectId }, data: d.event.data, deliveryId: d.delivery.id, webhookId: d.webhook.id })
  const timestamp = Math.floor(clock().getTime() / 1000)
  const started = performance.now()
  let statusCode: number | null = null
  let error: string | null = null
  try {
    const res = await fetch(d.webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'chipnav-webhooks/1', [SIGNATURE_HEADER]: signWebhook(d.webhook.secret, timestamp, body), 'chipnav-event': d.event.type, 'chipnav-delivery': d.delivery.id },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    statusCode = res.status
    await res.arrayBuffer().catch(() => undefined)
    if (res.status < 200 || res.status >= 300) error = `the receiver answered ${res.status}`
  } catch (e) {
    error = (e as Error).message
  }
  const ok = error === null
  const attempt = d.delivery.attempts + 1
  const retry = !ok && attempt < MAX_DELIVERY_ATTEMPTS
  const nextAttemptAt = ok ? null : retry ? new Date(clock().getTime() + backoffSeconds(attempt, RETRY_BASE_SECONDS) * 1000).toISOString() : null
  await store.recordDeliveryAttempt({ deliveryId, ok, statusCode, error, durationMs: performance.now() - started, nextAttemptAt })
  return { ok, statusCode, error, retry }
}
