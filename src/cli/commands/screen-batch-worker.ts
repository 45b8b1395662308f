/**
 * Batch screening on worker threads. `screenRowsInWorkers` starts the workers and, meanwhile, reads the
 * saved screening index of the active snapshots once (building it once when missing or stale) into a
 * SharedArrayBuffer that every worker screens from (nothing is copied or rebuilt per worker); each says
 * it is ready, and then takes rows from one shared queue in chunks (so a worker that started late or
 * screens slower names takes fewer rows, and both cores stay busy to the end), answering the top hit of
 * each row.
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
  /** the entry's primary name */
  topName?: string
  /** the name of the entry that matched (an alias or another spelling; the primary name when that matched) */
  topMatchedName?: string
  topList?: string
  topEntryId?: string
  /** why the top hit is not the best-scored match (a licence-relevant list on a near tie) */
  topReason?: string
  /** the screening's notices (NAME_SCRIPT_UNCOVERED: not a clean result) */
  notices?: { code: string; script: string; message: string }[]
}
/**
 * where a worker's time went, in ms: opening the shared index (or, when it could not be shared, loading the
 * snapshots and building it), making the screener, screening its rows (from ready to its last row)
 */
export type BatchTiming = {
  loadMs: number
  buildMs: number
  screenMs: number
  rows: number
  /** the worker's first rows (the chunks up to WARM_UP_ROWS), which pay its JIT warm-up and decode the records they use first, and their ms */
  warmUpRows: number
  warmUpMs: number
}

/** a worker's first this many rows (whole chunks) are reported apart from the rest (`BatchTiming.warmUpRows`) */
export const WARM_UP_ROWS = 1000

/** worker → main thread */
export type BatchWorkerMessage =
  | { kind: 'ready'; snapshots: SnapshotRef[] }
  | { kind: 'results'; results: BatchResult[] }
  | { kind: 'done'; timing: BatchTiming }
  | { kind: 'error'; code: ErrorCode; message: string; details?: Record<string, unknown> }
/** main thread → worker */
export type BatchWorkerCommand =
  /** the first command: the checked index file's bytes (undefined: it could not be saved, build from the snapshots) */
  | { kind: 'index'; bytes: SharedArrayBuffer | undefined; snapshots: SnapshotRef[] }
  | { kind: 'rows'; rows: BatchRow[] }
  | { kind: 'end' }

/**
 * rows handed to a worker at a time: small enough to balance the workers, large enough that messages cost
 * little; towards the end of the batch smaller (a share of what is left, not under BATCH_CHUNK_MIN_ROWS), so
 * the workers finish together. Each worker has two chunks in hand, so it never waits for the next one.
 */
export const BATCH_CHUNK_ROWS = 250
const BATCH_CHUNK_MIN_ROWS = 25
const CHUNKS_IN_HAND = 2

/** Start a batch worker (compiled, or from the sources through tsx: src/shared/start-module-worker.ts). */
export function startBatchWorker(data: BatchWorkerData): Worker {
  return startModuleWorker(import.meta.url, { ...data, isBatchWorker: true })
}

export type BatchRun = {
  /** by row index */
  results: Array<BatchResult | undefined>
  snapshots: SnapshotRef[]
  timings: BatchTiming[]
  /** ms the main thread took to read and check the saved index (or to build and save it) */
  indexMs: number
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
  /** a damaged or unwritable screening index (screening goes on) */
  onWarning?: (message: string) => void
}): Promise<BatchRun> {
  const results: Array<BatchResult | undefined> = new Array(o.rows.length)
  const timings: BatchTiming[] = []
  let snapshots: SnapshotRef[] = []
  let next = 0
  const workerCount = Math.max(1, o.workerCount)
  const takeChunk = (): BatchRow[] => {
    const left = o.rows.length - next
    const size = Math.max(BATCH_CHUNK_MIN_ROWS, Math.min(BATCH_CHUNK_ROWS, Math.ceil(left / (2 * CHUNKS_IN_HAND * workerCount))))
    const chunk = o.rows.slice(next, next + size)
    next += chunk.length
    return chunk
  }
  const data: BatchWorkerData = { home: o.home, ...(o.lists ? { lists: o.lists } : {}), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}) }
  const workers: Worker[] = []
  // the index, read once here while the workers start, shared with all of them
  const indexStarted = performance.now()
  const { readScreeningIndex } = await import('../../screening/snapshots/screening-index-store.js')
  let indexMs = 0
  const index = readScreeningIndex(o.home, { shared: true, ...(o.onWarning ? { onWarning: o.onWarning } : {}) }).then((r) => {
    indexMs = performance.now() - indexStarted
    let shared: SharedArrayBuffer | undefined
    if (r.bytes !== undefined) {
      // the saved file is read straight into shared memory; an index built just now is copied there
      const isWhole = r.bytes.buffer instanceof SharedArrayBuffer && r.bytes.byteOffset === 0 && r.bytes.length === r.bytes.buffer.byteLength
      if (isWhole) shared = r.bytes.buffer as SharedArrayBuffer
      else {
        shared = new SharedArrayBuffer(r.bytes.length)
        new Uint8Array(shared).set(r.bytes)
      }
    }
    return { kind: 'index', bytes: shared, snapshots: r.snapshots } satisfies BatchWorkerCommand
  })
  try {
    await Promise.all(
      Array.from(
        { length: workerCount },
        () =>
          new Promise<void>((resolve, reject) => {
            const worker = startBatchWorker(data)
            workers.push(worker)
            index.then((command) => worker.postMessage(command), reject)
            let isFinished = false
            let inHand = 0
            let hasEnded = false
            const feed = (): void => {
              if (hasEnded) return
              const rows = takeChunk()
              if (rows.length > 0) {
                inHand++
                worker.postMessage({ kind: 'rows', rows } satisfies BatchWorkerCommand)
              } else if (inHand === 0) {
                // (after the chunks it still holds)
                hasEnded = true
                worker.postMessage({ kind: 'end' } satisfies BatchWorkerCommand)
              }
            }
            worker.on('message', (m: BatchWorkerMessage) => {
              if (m.kind === 'ready') {
                snapshots = m.snapshots
                for (let k = 0; k < CHUNKS_IN_HAND; k++) feed()
              } else if (m.kind === 'results') {
                inHand--
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
  return { results, snapshots, timings, indexMs }
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
    // (both loaded while the main thread reads the index)
    const [{ screenerFrom }, { decodeIndexFile }] = await Promise.all([import('../../screening/screener.js'), import('../../screening/index/index-file.js')])
    type Screener = ReturnType<typeof screenerFrom>
    let screener: Screener | undefined
    let t0 = 0
    let t1 = 0
    let t2 = 0
    let count = 0
    let warmUpRows = 0
    let warmUpMs = 0
    const open = async (c: Extract<BatchWorkerCommand, { kind: 'index' }>): Promise<Screener> => {
      t0 = performance.now()
      if (c.bytes === undefined) {
        // the index could not be saved: build this worker's own from the snapshots
        const { loadActiveSnapshots } = await import('../../screening/snapshots/load-active-snapshots.js')
        const { buildScreenerData } = await import('../../screening/screener.js')
        const loaded = await loadActiveSnapshots(data.home)
        t1 = performance.now()
        const built = screenerFrom({ data: buildScreenerData(loaded.entries), snapshots: loaded.snapshots })
        t2 = performance.now()
        return built
      }
      const { value } = decodeIndexFile(Buffer.from(c.bytes), { isChecked: true })
      t1 = performance.now()
      const s = screenerFrom({ data: value as Parameters<typeof screenerFrom>[0]['data'], snapshots: c.snapshots })
      t2 = performance.now()
      return s
    }
    port.on('message', (c: BatchWorkerCommand) => {
      if (c.kind === 'index') {
        open(c).then(
          (s) => {
            screener = s
            port.postMessage({ kind: 'ready', snapshots: s.snapshots } satisfies BatchWorkerMessage)
          },
          (e: unknown) => {
            fail(e)
            port.close()
          },
        )
        return
      }
      if (c.kind === 'end') {
        port.postMessage({ kind: 'done', timing: { loadMs: t1 - t0, buildMs: t2 - t1, screenMs: performance.now() - t2, rows: count, warmUpRows, warmUpMs } } satisfies BatchWorkerMessage)
        port.close()
        return
      }
      if (screener === undefined) return
      try {
        const results: BatchResult[] = []
        for (const row of c.rows) {
          // the match count and the top hit, even under the threshold, so the output can show how close the
          // best candidate came (screenTop = the first hit of screen with includeBelow, without explanations)
          const r = screener!.screenTop({
            name: row.name,
            ...(row.country ? { country: row.country } : {}),
            ...(row.type ? { type: row.type } : {}),
            ...(data.lists ? { lists: data.lists } : {}),
            ...(data.threshold !== undefined ? { threshold: data.threshold } : {}),
          })
          const top = r.top
          const notices = r.notices ? { notices: r.notices.map(({ code, script, message }) => ({ code, script, message })) } : {}
          results.push(
            top
              ? {
                  index: row.index,
                  hit: top.isMatch,
                  threshold: r.threshold,
                  hitCount: r.hitCount,
                  topScore: top.score,
                  topName: top.primaryName,
                  topMatchedName: top.matchedName,
                  topList: top.list,
                  topEntryId: top.entryId,
                  ...(top.shownFirstBecause ? { topReason: top.shownFirstBecause } : {}),
                  ...notices,
                }
              : { index: row.index, hit: false, threshold: r.threshold, hitCount: r.hitCount, ...notices },
          )
        }
        count += results.length
        if (warmUpRows < WARM_UP_ROWS) {
          warmUpRows = count
          warmUpMs = performance.now() - t2
        }
        port.postMessage({ kind: 'results', results } satisfies BatchWorkerMessage)
      } catch (e) {
        fail(e)
        port.close()
      }
    })
  } catch (e) {
    fail(e)
    port.close()
  }
}

if (!isMainThread && parentPort && (workerData as { isBatchWorker?: unknown } | null)?.isBatchWorker === true) await runWorker(workerData as BatchWorkerData)
