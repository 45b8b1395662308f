/**
 * `GET /v1/audit/verify` off the event loop: re-hashing the trail (in full, or incrementally from the last verified
 * checkpoint, which lives in the database) can take seconds on a large database, so the server (main.ts)
 * runs it on a worker thread that opens its own store, with the same audit key, on the same database (SQLite in WAL mode reads beside the writer; PostgreSQL is another pool client) and answers
 * the verification. One runs at a time: callers arriving while one runs share its answer. A composition
 * root of its own (it opens a store), like main.ts.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { AuditVerification } from '../records/records-store.js'
import { AppError } from '../shared/errors.js'
import { startModuleWorker } from '../shared/start-module-worker.js'
import { openStore, type StoreConfig } from '../store/open-store.js'

export type VerifyMode = 'full' | 'incremental'
type VerifyWorkerData = { isAuditVerifyWorker: true; config: Omit<StoreConfig, 'now'>; mode: VerifyMode }
type VerifyWorkerAnswer = { ok: true; verification: AuditVerification } | { ok: false; message: string }

/** Share one running call among the callers that arrive while it runs. */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined
  return () => {
    running ??= run().finally(() => {
      running = undefined
    })
    return running
  }
}

/**
 * A verifier that runs each verification on a fresh worker thread (one at a time), opening the store with
 * `config` (its audit key included, so the chain is checked under the server's key); 'incremental' (the
 * route's) starts from the last verified checkpoint, kept in the database.
 */
export function verifyAuditInWorker(config: StoreConfig, mode: VerifyMode = 'incremental'): () => Promise<AuditVerification> {
  const { now: _now, ...plain } = config
  return singleFlight(
    () =>
      new Promise<AuditVerification>((resolve, reject) => {
        const data: VerifyWorkerData = { isAuditVerifyWorker: true, config: plain, mode }
        const worker = startModuleWorker(import.meta.url, data)
        let isSettled = false
        worker.once('message', (m: VerifyWorkerAnswer) => {
          isSettled = true
          if (m.ok) resolve(m.verification)
          else reject(new AppError('STORE_UNAVAILABLE', { detail: `the audit trail could not be read: ${m.message}` }))
        })
        worker.once('error', (e) => {
          if (!isSettled) reject(new AppError('STORE_UNAVAILABLE', { detail: `the audit verification failed: ${e.message}` }))
          isSettled = true
        })
        worker.once('exit', (code) => {
          if (!isSettled) reject(new AppError('STORE_UNAVAILABLE', { detail: `the audit verification stopped (exit ${code})` }))
        })
      }),
  )
}

async function runInWorker(data: VerifyWorkerData): Promise<void> {
  let answer: VerifyWorkerAnswer
  try {
    const store = await openStore(data.config)
    try {
      answer = { ok: true, verification: await store.verifyAudit({ mode: data.mode }) }
    } finally {
      await store.close()
    }
  } catch (e) {
    answer = { ok: false, message: (e as Error).message }
  }
  parentPort?.postMessage(answer)
}

/** One worker verifier per mode (each single-flight): `GET /v1/audit/verify?mode=` and the health checks share them. */
export function auditVerifiersInWorker(config: StoreConfig): (mode: VerifyMode) => Promise<AuditVerification> {
  const byMode = { full: verifyAuditInWorker(config, 'full'), incremental: verifyAuditInWorker(config, 'incremental') }
  return (mode) => byMode[mode]()
}

if (!isMainThread && (workerData as Partial<VerifyWorkerData> | undefined)?.isAuditVerifyWorker) void runInWorker(workerData as VerifyWorkerData)
