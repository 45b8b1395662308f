/**
 * A batch screening worker: loads the active snapshots, builds its own screener, screens its rows and
 * posts progress and the top hit of each row back to `screen.ts`.
 *
 * Workers run TypeScript through tsx: the parent passes `--import <tsx loader>` (see workerExecArgv),
 * which works both for `node --import tsx src/cli/main.ts` and for `bin/chipnav.js`.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import type { EntityType, ListCode, SnapshotRef } from '../../screening/model.js'
import type { ErrorCode } from '../../shared/errors.js'

export type BatchRow = { index: number; name: string; country?: string; type?: EntityType }
export type BatchWorkerData = { home: string; rows: BatchRow[]; lists?: ListCode[]; threshold?: number }
export type BatchResult = {
  index: number
  hit: boolean
  threshold: number
  topScore?: number
  topName?: string
  topList?: string
  topEntryId?: string
}
/** where a worker's time went, in ms: snapshot load, index build, screening its rows */
export type BatchTiming = { loadMs: number; buildMs: number; screenMs: number }
export type BatchWorkerMessage =
  | { kind: 'progress'; count: number }
  | { kind: 'done'; results: BatchResult[]; snapshots: SnapshotRef[]; timing: BatchTiming }
  | { kind: 'error'; code: ErrorCode; message: string; details?: Record<string, unknown> }

/**
 * Start a batch worker. Node 20 does not apply `--import tsx` to worker threads, so the worker starts
 * from a small JavaScript shim that registers tsx's loader (resolved from this file, so any working
 * directory works) and then imports this TypeScript file. Works under `node --import tsx` and `bin/chipnav.js`.
 */
export function startBatchWorker(data: BatchWorkerData): Worker {
  // the ESM build of tsx's API (require.resolve would give the CommonJS one)
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const self = import.meta.url
  const shim = `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(self)}) })()`
  return new Worker(shim, { eval: true, workerData: data })
}

const PROGRESS_EVERY = 200

async function run(data: BatchWorkerData): Promise<void> {
  const port = parentPort!
  try {
    const { buildScreener } = await import('../../screening/screener.js')
    const { loadActiveSnapshots } = await import('../../screening/snapshots/load-active-snapshots.js')
    const t0 = performance.now()
    const loaded = await loadActiveSnapshots(data.home)
    const t1 = performance.now()
    const screener = buildScreener(loaded)
    const t2 = performance.now()
    const results: BatchResult[] = []
    let pending = 0
    for (const row of data.rows) {
      // the top hit even under the threshold, so the output can show how close the best candidate came
      // (screenTop = screen with limit 1 and includeBelow, without building the explanation)
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
          ? { index: row.index, hit: top.isMatch, threshold: r.threshold, topScore: top.score, topName: top.primaryName, topList: top.list, topEntryId: top.entryId }
          : { index: row.index, hit: false, threshold: r.threshold },
      )
      if (++pending === PROGRESS_EVERY) {
        port.postMessage({ kind: 'progress', count: pending } satisfies BatchWorkerMessage)
        pending = 0
      }
    }
    if (pending > 0) port.postMessage({ kind: 'progress', count: pending } satisfies BatchWorkerMessage)
    const timing: BatchTiming = { loadMs: t1 - t0, buildMs: t2 - t1, screenMs: performance.now() - t2 }
    port.postMessage({ kind: 'done', results, snapshots: screener.snapshots, timing } satisfies BatchWorkerMessage)
  } catch (e) {
    const err = e as Error & { code?: ErrorCode; details?: Record<string, unknown> }
    const isApp = err.name === 'AppError'
    port.postMessage({
      kind: 'error',
      code: isApp && err.code ? err.code : 'INTERNAL',
      message: err.message,
      ...(isApp && err.details ? { details: err.details } : {}),
    } satisfies BatchWorkerMessage)
  }
}

if (!isMainThread && parentPort && (workerData as { rows?: unknown } | null)?.rows) await run(workerData as BatchWorkerData)
