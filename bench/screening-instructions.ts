/**
 * Screening CPU, repeatable under load: the same seeded names screened by the code of any checkout, for
 * A/B runs (a second worktree at another commit) counted by valgrind's callgrind, timed, or fingerprinted.
 *
 *   node --import tsx bench/screening-instructions.ts --code <checkout> fingerprint <out.txt>
 *   node --import tsx bench/screening-instructions.ts --code <checkout> [--home DIR] [--cold] cpu|callgrind mix|batch
 *
 * - `--code` (default this checkout): whose src/ is imported, so one script measures two commits alike.
 * - Screener: the U.S. lists of ../shared/data/lists parsed and built in the process (as bench/screening-quality.ts
 *   loads them), or with `--home` the saved index of that home's imported lists (what batch workers open).
 * - `mix`: 1,000 names, half yente negatives_us.csv, half list names (seed 42, as bench/screening-speed.ts);
 *   `batch`: the 2,000 names of bench/index-load.ts's batch (a primary name of every 7th entry); `global`: the
 *   first 2,000 people of negatives_global_dev.csv (many scripts, on no list: what costs a batch most); `worker`: the
 *   first `--rows` (2,000) rows one of bench/screening-speed.ts's two batch workers screens (with `--home` of the
 *   same lists; with `--cold`, a worker's start: its JIT warm-up and the records it decodes first; without, the
 *   warm-up pass screens those rows and the measured pass the worker's next `--rows`, so no name is screened twice).
 * - `cpu`: screenTop over the names twice, CPU ms per name of each pass. `callgrind`: one warm-up pass (none with
 *   `--cold`), then instrumentation is switched on for the next pass only (`callgrind_control -i on`), so run it as
 *     valgrind --tool=callgrind --instr-atstart=no node --single-threaded --expose-gc --import tsx bench/screening-instructions.ts …
 *   (`--single-threaded`: no background compiler or GC threads, so counts repeat within ~1 %).
 * - `fingerprint`: every hit, score and explanation of screen() and screenTop() (4,000 mixed names, 2,000 list
 *   names and ~2,000 people of negatives_global_dev.csv, every third with a country) as JSON lines: two checkouts
 *   with equal files score alike.
 *
 * Method and results: bench/README.md, "Screening speed".
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rng } from './seeded-random.js'

const argv = process.argv.slice(2)
const option = (name: string): string | undefined => (argv.includes(name) ? argv.splice(argv.indexOf(name), 2)[1] : undefined)
const flag = (name: string): boolean => (argv.includes(name) ? (argv.splice(argv.indexOf(name), 1), true) : false)
const code = resolve(option('--code') ?? fileURLToPath(new URL('..', import.meta.url)))
const home = option('--home')
const isCold = flag('--cold')
const workerRows = Number(option('--rows') ?? 2000)
const [mode, set] = argv as [string, string | undefined]
const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url))
const src = (rel: string): Promise<any> => import(join(code, 'src', rel)) // eslint-disable-line @typescript-eslint/no-explicit-any

const LIST_FILES: Record<string, string[]> = {
  csl: ['trade_gov_csl_2022-04/consolidated.csv.gz'],
  sdn: ['ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv'],
  nonsdn: ['ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv', 'ofac_non_sdn_2025-12/cons_comments.csv'],
  dpl: ['bis_dpl_2023-11/dpl.txt'],
}
type Entry = { names: { name: string }[] }
type Screener = { screen(q: object): any; screenTop(q: object): any } // eslint-disable-line @typescript-eslint/no-explicit-any

async function open(): Promise<{ screener: Screener; entries: Entry[] }> {
  const { buildScreener, screenerFrom } = await src('screening/screener.ts')
  if (home !== undefined) {
    const { loadScreenerData } = await src('screening/snapshots/screening-index-store.ts')
    const { loadActiveSnapshots } = await src('screening/snapshots/load-active-snapshots.ts')
    const d = await loadScreenerData(home)
    return { screener: screenerFrom({ data: d.data, snapshots: d.snapshots }), entries: (await loadActiveSnapshots(home)).entries }
  }
  const { LIST_SOURCES } = await src('screening/sources/sources.ts')
  const entries: Entry[] = []
  const snapshots: object[] = []
  for (const source of LIST_SOURCES as { id: string; parseFiles(f: object[]): { entries: Entry[] } }[]) {
    const paths = LIST_FILES[source.id]
    if (!paths) continue
    entries.push(...source.parseFiles(paths.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(DATA, 'lists', p)) }))).entries)
    snapshots.push({ source: source.id, sha256: 'bench', importedAt: '1970-01-01T00:00:00Z', rowCounts: {} })
  }
  return { screener: buildScreener({ entries, snapshots }), entries }
}

function mixedNames(entries: Entry[], n: number): string[] {
  const random = rng(42)
  const negatives = readFileSync(join(DATA, 'matching/yente/negatives_us.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]!.trim()).filter((x) => x !== '')
  const listNames = entries.flatMap((e) => e.names.map((x) => x.name))
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? pick(negatives) : pick(listNames)))
}

/**
 * what one of bench/screening-speed.ts's 2 batch workers screens first: every other chunk of 250 rows of its
 * 20,000-name batch (the same seeded draws, after its 3,000 latency queries), `count` rows
 */
function workerNames(entries: Entry[], count: number): string[] {
  const all = mixedNames(entries, 3000 + 20000).slice(3000)
  const rows: string[] = []
  for (let c = 0; rows.length < count && c * 250 < all.length; c += 2) rows.push(...all.slice(c * 250, c * 250 + 250))
  return rows.slice(0, count)
}

/** the first 2,000 people of negatives_global_dev.csv (names of many cultures and scripts, on no list): the compiled CLI's batch of bench/README.md, "Screening speed, session 8" */
function globalNames(): string[] {
  return readFileSync(join(DATA, 'matching/yente/negatives_global_dev.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]!.trim()).filter((x) => x !== '').slice(0, 2000)
}

/** bench/index-load.ts's batch: 2,000 rows over the primary names of every 7th entry */
function batchNames(entries: Entry[]): string[] {
  const names = entries.flatMap((e, i) => (i % 7 === 0 ? e.names.slice(0, 1).map((x) => x.name) : []))
  return Array.from({ length: 2000 }, (_, index) => names[(index * 7919) % names.length]!)
}

async function callgrindControl(on: boolean): Promise<void> {
  await new Promise<void>((done) => spawn('callgrind_control', ['-i', on ? 'on' : 'off', String(process.pid)], { stdio: 'ignore' }).on('exit', () => done()))
}

const { screener, entries } = await open()
if (mode === 'fingerprint') {
  const seventh: string[] = []
  for (let i = 0; i < entries.length && seventh.length < 2000; i += 7) seventh.push(entries[i]!.names[0]!.name)
  const countries = ['CN', 'RU', 'IR', 'US', 'AE']
  // people of many cultures and scripts (every 12th of negatives_global_dev.csv: about 2,000)
  const global = readFileSync(join(DATA, 'matching/yente/negatives_global_dev.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]!.trim()).filter((x, i) => x !== '' && i % 12 === 0)
  const lines = [...mixedNames(entries, 4000), ...seventh, ...global].map((name, i) => {
    const q = { name, includeBelow: true, ...(i % 3 === 0 ? { country: countries[i % 5] } : {}) }
    const r = screener.screen(q)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const hits = r.hits.map((h: any) => [h.list, h.entryId, h.score, h.isMatch, h.matchedName, h.explanation])
    return JSON.stringify({ name, country: q.country, hitCount: r.hitCount, hits, top: screener.screenTop(q) })
  })
  writeFileSync(set!, lines.join('\n') + '\n')
} else if (mode === 'cpu' || mode === 'callgrind') {
  const names = set === 'batch' ? batchNames(entries) : set === 'global' ? globalNames() : set === 'worker' ? workerNames(entries, workerRows) : mixedNames(entries, 1000)
  // `worker`: the warm-up pass screens the worker's first rows and the measured pass the next as many (no name
  // screened twice, so nothing kept from the warm-up answers the same name again); the others screen their names twice
  const measured = set === 'worker' && !isCold ? workerNames(entries, 2 * workerRows).slice(workerRows) : names
  const pass = (list = names): number => {
    const c = process.cpuUsage()
    for (const name of list) screener.screenTop({ name })
    const u = process.cpuUsage(c)
    return +((u.user + u.system) / 1000 / list.length).toFixed(4)
  }
  if (mode === 'cpu') console.log(JSON.stringify({ names: names.length, cpuMsPerNameFirstPass: pass(), cpuMsPerNameSecondPass: pass(measured) }))
  else {
    if (!isCold) pass()
    ;(globalThis as { gc?: () => void }).gc?.()
    await callgrindControl(true)
    pass(isCold ? names : measured)
    await callgrindControl(false)
  }
} else {
  console.error('usage: see the comment at the top of bench/screening-instructions.ts')
  process.exit(2)
}
