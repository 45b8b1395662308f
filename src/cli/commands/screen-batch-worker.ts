/**
 * Batch screening on worker threads. `screenRowsInWorkers` starts the workers; each loads the active
 * snapshots, builds its own screener, says it is ready, and then takes rows from one shared queue in
 * chunks (so a worker that started late or screens slower names takes fewer rows, and both cores stay
 * busy to the end), answering the top hit of each row.
 *
 * Workers run the compiled module, or from the sources register tsx first (src/shared/start-module-worker.ts).
 */
import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads'
import { startModuleWorker } from '../../shared/start-module-worker.js'
import type { EntityType, ListCode, SnapshotRef } from '../../screening/model.js'
import { AppError, type ErrorCode } from '../../shared/errors.js'

export type BatchRow = { index: number; name: string; country?: string; type?: EntityType }
export type BatchWorkerData = { home: string; lists?: ListCode[]; threshold?: number }
export type BatchResult = {
  index: number
  hit: boolean
  threshold: number
  /** entries at or above the threshold (the same count `screen` returns and records) */
  hitCount: number
  topScore?: number
  topName?: string
  topList?: string
  topEntryId?: string
  /** why the top hit is not the best-scored match (a licence-relevant list on a near tie) */
  topReason?: string
}
/** where a worker's time went, in ms: snapshot load, index build, screening its rows (from ready to its last row) */
export type BatchTiming = { loadMs: number; buildMs: number; screenMs: number; rows: number }

/** worker → main thread */
export type BatchWorkerMessage =
  | { kind: 'ready'; snapshots: SnapshotRef[] }
  | { kind: 'results'; results: BatchResult[] }
  | { kind: 'done'; timing: BatchTiming }
  | { kind: 'error'; code: ErrorCode; message: string; details?: Record<string, unknown> }
/** main thread → worker */
export type BatchWorkerCommand = { kind: 'rows'; rows: BatchRow[] } | { kind: 'end' }

/** rows handed to a worker at a time: small enough to balance the workers, large enough that messages cost little */
export const BATCH_CHUNK_ROWS = 250

/** Start a batch worker (compiled, or from the sources through tsx: src/shared/start-module-worker.ts). */
export function startBatchWorker(data: BatchWorkerData): Worker {
  return startModuleWorker(import.meta.url, { ...data, isBatchWorker: true })
}

export type BatchRun = {
  /** by row index */
  results: Array<BatchResult | undefined>
  snapshots: SnapshotRef[]
  timings: BatchTiming[]
}

/**
 * Screen `rows` on `workerCount` worker threads sharing one queue of rows; `onProgress` gets the
 * number of rows just finished. Rejects with the first worker's error (the others are stopped).
 */
export async function screenRowsInWorkers(o: {
  home: string
  rows: BatchRow[]
  lists?: ListCode[] | undefined
  threshold?: number | undefined
  workerCount: number
  onProgress?: (count: number) => void
}): Promise<BatchRun> {
  const results: Array<BatchResult | undefined> = new Array(o.rows.length)
  const timings: BatchTiming[] = []
  let snapshots: SnapshotRef[] = []
  let next = 0
  const takeChunk = (): BatchRow[] => {
    const chunk = o.rows.slice(next, next + BATCH_CHUNK_ROWS)
    next += chunk.length
    return chunk
  }
  const data: BatchWorkerData = { home: o.home, ...(o.lists ? { lists: o.lists } : {}), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}) }
  const workers: Worker[] = []
  try {
    await Promise.all(
      Array.from(
        { length: Math.max(1, o.workerCount) },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = startBatchWorker(data)
            workers.push(worker)
            let isFinished = false
            const feed = (): void => {
              const rows = takeChunk()
              worker.postMessage((rows.length > 0 ? { kind: 'rows', rows } : { kind: 'end' }) satisfies BatchWorkerCommand)
            }
            worker.on('message', (m: BatchWorkerMessage) => {
              if (m.kind === 'ready') {
                snapshots = m.snapshots
                feed()
              } else if (m.kind === 'results') {
                for (const r of m.results) results[r.index] = r
                o.onProgress?.(m.results.length)
                feed()
              } else if (m.kind === 'done') {
                timings.push(m.timing)
                isFinished = true
              } else if (m.kind === 'error') {
                isFinished = true
                reject(new AppError(m.code, { detail: m.message, ...(m.details ?? {}) }))
              }
            })
            worker.on('error', reject)
            worker.on('exit', (code) => (isFinished ? resolve() : reject(new AppError('INTERNAL', { detail: `a screening worker stopped (exit code ${code})` }))))
          }),
      ),
    )
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return { results, snapshots, timings }
}

async function runWorker(data: BatchWorkerData): Promise<void> {
  const port = parentPort!
  const fail = (e: unknown): void => {
    const err = e as Error & { code?: ErrorCode; details?: Record<string, unknown> }
    const isApp = err.name === 'AppError'
    port.postMessage({
      kind: 'error',
      code: isApp && err.code ? err.code : 'INTERNAL',
      message: err.message,
      ...(isApp && err.details ? { details: err.details } : {}),
    } satisfies BatchWorkerMessage)
  }
  try {
    const { buildScreener } = await import('../../screening/screener.js')
    const { loadActiveSnapshots } = await import('../../screening/snapshots/load-active-snapshots.js')
    const t0 = performance.now()
    const loaded = await loadActiveSnapshots(data.home)
    const t1 = performance.now()
    const screener = buildScreener(loaded)
    const t2 = performance.now()
    let count = 0
    port.on('message', (c: BatchWorkerCommand) => {
      if (c.kind === 'end') {
        port.postMessage({ kind: 'done', timing: { loadMs: t1 - t0, buildMs: t2 - t1, screenMs: performance.now() - t2, rows: count } } satisfies BatchWorkerMessage)
        port.close()
        return
      }
      try {
        const results: BatchResult[] = []
        for (const row of c.rows) {
          // the match count and the top hit, even under the threshold, so the output can show how close the
          // best candidate came (screenTop = the first hit of screen with includeBelow, without explanations)
          const r = screener.screenTop({
            name: row.name,
            ...(row.country ? { country: row.country } : {}),
            ...(row.type ? { type: row.type } : {}),
            ...(data.lists ? { lists: data.lists } : {}),
            ...(data.threshold !== undefined ? { threshold: data.threshold } : {}),
          })
          const top = r.top
          results.push(
            top
              ? {
                  index: row.index,
                  hit: top.isMatch,
                  threshold: r.threshold,
                  hitCount: r.hitCount,
                  topScore: top.score,
                  topName: top.primaryName,
                  topList: top.list,
                  topEntryId: top.entryId,
                  ...(top.shownFirstBecause ? { topReason: top.shownFirstBecause } : {}),
                }
              : { index: row.index, hit: false, threshold: r.threshold, hitCount: r.hitCount },
          )
        }
        count += results.length
        port.postMessage({ kind: 'results', results } satisfies BatchWorkerMessage)
      } catch (e) {
        fail(e)
        port.close()
      }
    })
    port.postMessage({ kind: 'ready', snapshots: screener.snapshots } satisfies BatchWorkerMessage)
  } catch (e) {
    fail(e)
    port.close()
  }
}

if (!isMainThread && parentPort && (workerData as { isBatchWorker?: unknown } | null)?.isBatchWorker === true) await runWorker(workerData as BatchWorkerData)
