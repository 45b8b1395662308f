/**
 * Counting the queries a process sends to PostgreSQL (pg's Client.query). `countPgQueries()` starts counting
 * and returns the running count (bench/api/store-writes.ts). As a preload (`node --import
 * ./bench/api/count-queries.ts`, as bench-server.ts starts the API bench's servers) with
 * CHIPNAV_BENCH_QUERY_COUNT_FILE set, it writes the running count to that file every 200 ms, so the API
 * bench can give queries per request for its measured window.
 */
import { renameSync, writeFileSync } from 'node:fs'
import pg from 'pg'

export function countPgQueries(): () => number {
  let queries = 0
  const query = pg.Client.prototype.query
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    queries++
    return (query as (...x: unknown[]) => unknown).apply(this, a)
  } as typeof query
  return () => queries
}

const file = process.env.CHIPNAV_BENCH_QUERY_COUNT_FILE
if (file) {
  const queries = countPgQueries()
  // written whole, then renamed: a reader never sees a half-written count
  const write = () => {
    writeFileSync(`${file}.tmp`, String(queries()))
    renameSync(`${file}.tmp`, file)
  }
  setInterval(write, 200).unref()
  process.on('exit', write)
}
