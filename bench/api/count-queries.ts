/**
 * Counting the queries a process sends to PostgreSQL (pg's Client.query). `countPgQueries()` starts counting
 * and returns the running count (bench/api/store-writes.ts). As a preload (`node --import
 * ./bench/api/count-queries.ts`, as bench-server.ts starts the API bench's servers) with
 * CHIPNAV_BENCH_QUERY_COUNT_FILE set, it writes the running count to that file once the count has stood still
 * for a tick of 100 ms (and at exit), so the API bench, which reads it 300 ms after its warm-up and after its measured
 * window, can give queries per request for that window. While requests flow it writes nothing: writing the file
 * every 200 ms under load was 2.4 % of a server's busy time in its profile (bench/README.md, session 8).
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
  let seen = -1
  let written = -1
  setInterval(() => {
    const n = queries()
    if (n === seen && n !== written) {
      write()
      written = n
    }
    seen = n
  }, 100).unref()
  process.on('exit', write)
}
