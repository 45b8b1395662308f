/**
 * Screening cases as data: every YAML file under test/cases/screening/ is a list of cases with
 * fixed, schema-checked keys; each case becomes one test.
 *
 * - `input: { a, b, type? }` scores two names with `scoreNames`;
 *   `input: { screen: { name, country?, type?, lists? } }` screens against the real list snapshots
 *   in ../shared/data/lists (skipped, with a message, when that folder is absent).
 * - `output`: `score: { min?, max? }` (a band, never an exact float), `match: true|false`,
 *   `top: { list?, entryId? }` (the first hit), `includes: { list?, entryId }` (any hit), `noHits: true`.
 * - `keywords` (optional) for searching.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { z } from 'zod'
import type { ListEntry, SnapshotRef, SourceId } from '../../src/screening/model.js'
import { buildScreener, scoreNames, type Screener } from '../../src/screening/screener.js'
import { LIST_SOURCES } from '../../src/screening/sources/sources.js'
import { REPO_ROOT, SHARED_DATA, SHARED_DATA_SKIP } from '../helpers/paths.js'

const Type = z.enum(['individual', 'entity', 'vessel', 'aircraft'])
const Band = z.strictObject({ min: z.number().optional(), max: z.number().optional() })
const CaseSchema = z.strictObject({
  name: z.string(),
  input: z.union([
    z.strictObject({ a: z.string(), b: z.string(), type: Type.optional() }),
    z.strictObject({
      screen: z.strictObject({ name: z.string(), country: z.string().optional(), type: Type.optional(), lists: z.array(z.string()).optional() }),
    }),
  ]),
  output: z.strictObject({
    score: Band.optional(),
    match: z.boolean().optional(),
    top: z.strictObject({ list: z.string().optional(), entryId: z.string().optional() }).optional(),
    /** some hit (not necessarily the first) is this entry, with a score in `score` */
    includes: z.strictObject({ list: z.string().optional(), entryId: z.string() }).optional(),
    noHits: z.literal(true).optional(),
  }),
  keywords: z.array(z.string()).optional(),
})
type Case = z.infer<typeof CaseSchema>

const dir = join(REPO_ROOT, 'test/cases/screening')

/** The list files the cases were written against (see ../shared/data/lists/SOURCE.md). */
const LIST_FILES: Partial<Record<SourceId, string[]>> = {
  csl: ['trade_gov_csl_2022-04/consolidated.csv.gz'],
  sdn: ['ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv'],
  nonsdn: ['ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv', 'ofac_non_sdn_2025-12/cons_comments.csv'],
  dpl: ['bis_dpl_2023-11/dpl.txt'],
}

let screener: Screener | undefined
function realListScreener(): Screener {
  if (screener) return screener
  const entries: ListEntry[] = []
  const snapshots: SnapshotRef[] = []
  for (const source of LIST_SOURCES) {
    const paths = LIST_FILES[source.id]
    if (!paths) continue
    const files = paths.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(SHARED_DATA, 'lists', p)) }))
    entries.push(...source.parseFiles(files).entries)
    snapshots.push({ source: source.id, sha256: 'test', importedAt: '1970-01-01T00:00:00Z', rowCounts: {} })
  }
  screener = buildScreener({ entries, snapshots })
  return screener
}

function checkBand(score: number, band: z.infer<typeof Band> | undefined): void {
  if (band?.min !== undefined) assert.ok(score >= band.min, `score ${score} < min ${band.min}`)
  if (band?.max !== undefined) assert.ok(score <= band.max, `score ${score} > max ${band.max}`)
}

function run(c: Case): void {
  if ('a' in c.input) {
    const r = scoreNames({ a: c.input.a, b: c.input.b, ...(c.input.type ? { type: c.input.type } : {}) })
    const why = `${r.score}: ${r.explanation.summary}`
    checkBand(r.score, c.output.score)
    if (c.output.match !== undefined) assert.equal(r.match, c.output.match, why)
    return
  }
  const q = c.input.screen
  const r = realListScreener().screen({
    name: q.name,
    ...(q.country ? { country: q.country } : {}),
    ...(q.type ? { type: q.type } : {}),
    ...(q.lists ? { lists: q.lists as never } : {}),
  })
  const top = r.hits[0]
  if (c.output.includes !== undefined) {
    const want = c.output.includes
    const hit = r.hits.find((h) => h.entryId === want.entryId && (want.list === undefined || h.list === want.list))
    assert.ok(hit, `${want.entryId} not among ${r.hits.map((h) => `${h.entryId} ${h.score}`).join(', ')}`)
    checkBand(hit.score, c.output.score)
    return
  }
  if (c.output.noHits) {
    assert.deepEqual(r.hits.map((h) => `${h.list}:${h.entryId} ${h.score} ${h.matchedName}`), [])
    return
  }
  assert.ok(top, 'no hit')
  checkBand(top.score, c.output.score)
  if (c.output.match !== undefined) assert.equal(top.isMatch, c.output.match)
  if (c.output.top?.list !== undefined) assert.equal(top.list, c.output.top.list)
  if (c.output.top?.entryId !== undefined) assert.equal(top.entryId, c.output.top.entryId, top.explanation.summary)
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const cases = z.array(CaseSchema).parse(parse(readFileSync(join(dir, file), 'utf8')))
  for (const c of cases) {
    const needsLists = 'screen' in c.input
    test(`screening ${file}: ${c.name}`, { skip: needsLists ? SHARED_DATA_SKIP : false }, () => run(c))
  }
}
