/**
 * Statements the store runs on every write (issue 15, the PostgreSQL write path): the one-statement create
 * and the append's read and compare-and-set. Each is compiled as usual and run through `runPrepared`, which
 * marks its SQL text; a dialect whose driver keeps prepared statements (PostgreSQL: `PreparingClient` in
 * dialects/postgres) then parses and plans that text once per connection, as a named statement, instead of
 * on every call (parsing, analysis and planning were ~40 % of the backends' CPU per stored determination,
 * bench/README.md session 6). Only texts fixed at their call site are marked, and at most `MAX_PREPARED`, so
 * the statements a connection keeps stay few; any other query runs unnamed as before. SQLite ignores the mark.
 */
import { createHash } from 'node:crypto'
import type { CompiledQuery, Kysely, QueryResult } from 'kysely'

const MAX_PREPARED = 32
const names = new Map<string, string>()

/** The statement name of a marked SQL text, or undefined. */
export const preparedName = (text: string): string | undefined => names.get(text)

/** Runs a compiled query whose text is fixed at its call site, marking that text to be prepared once per connection. */
export function runPrepared<R>(db: Kysely<any>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  if (!names.has(query.sql) && names.size < MAX_PREPARED) names.set(query.sql, `chipnav_${createHash('sha256').update(query.sql).digest('hex').slice(0, 20)}`)
  return db.executeQuery(query)
}
