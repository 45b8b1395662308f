/**
 * Screening quality benchmark (issue 3). Run from the repo root:
 *
 *   node --import tsx bench/screening-quality.ts            # everything, prints the README table
 *   node --import tsx bench/screening-quality.ts --only f1  # f1 | labels | fpr | global | companies | generic | perturbed | alias | cross | un
 *   node --import tsx bench/screening-quality.ts --write-default-frequencies
 *
 *   node --import tsx bench/screening-quality.ts --hits-out /tmp/run.tsv  # also every scored pair, hit and miss, one a line
 *
 * Data is read from ../shared/data (never copied into the repo):
 * - matching/nomenklatura/cases-dev.csv: labelled name pairs → precision, recall, F1 (scoreNames)
 * - matching/yente/negatives_us.csv: 50,000 synthetic non-listed people → false-positive rate
 * - lists/*: every list loaded → alias recall (each CSL and SDN alias alone must return its entry first)
 * - matching/watchman/cross_script_pairs.csv: non-Latin → Latin pairs against their minimum score
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { normalizeName } from '../src/screening/normalize/normalize-name.js'
import { countTokenFrequencies } from '../src/screening/score/token-weights.js'
import { levenshtein } from '../src/screening/score/edit-distance.js'
import { buildScreener, DEFAULT_THRESHOLD, scoreNames, type Screener, type ScreeningHit } from '../src/screening/screener.js'
import type { EntityType, ListEntry, SnapshotRef, SourceId } from '../src/screening/model.js'
import { LIST_SOURCES } from '../src/screening/sources/sources.js'
import { countryCodeFromName } from '../src/shared/countries.js'
import { genericCompanyNames } from './generic-companies.js'
import { perturbEntityList, PERTURB_KINDS, type PerturbKind } from './perturb-names.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DATA = resolve(ROOT, '../shared/data')
const args = process.argv.slice(2)
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined
const want = (k: string): boolean => only === undefined || only.split(',').includes(k)
const thresholdArg = args.includes('--threshold') ? Number(args[args.indexOf('--threshold') + 1]) : DEFAULT_THRESHOLD
const T = thresholdArg
/** `--hits-out FILE`: every cases-dev pair with its score, every screened name whose top hit reaches T, every
 * perturbed name missed, one a line (set, name, score, what it hit), to compare two runs name by name with `diff` */
const hitsOut = args.includes('--hits-out') ? args[args.indexOf('--hits-out') + 1] : undefined
const hitLines: string[] = []
const recordHit = (set: string, name: string, score: number, detail: string): void => {
  if (hitsOut) hitLines.push([set, name, score.toFixed(3), detail].map((x) => x.replace(/[\t\n]/g, ' ')).join('\t'))
}

if (!existsSync(DATA)) {
  console.error(`skipped: ${DATA} is absent (the shared evaluation data is not on this machine)`)
  process.exit(0)
}

const LIST_FILES: Partial<Record<SourceId, string[]>> = {
  csl: ['trade_gov_csl_2022-04/consolidated.csv.gz'],
  sdn: ['ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv'],
  nonsdn: ['ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv', 'ofac_non_sdn_2025-12/cons_comments.csv'],
  dpl: ['bis_dpl_2023-11/dpl.txt'],
}

function loadLists(): { entries: ListEntry[]; snapshots: SnapshotRef[] } {
  const entries: ListEntry[] = []
  const snapshots: SnapshotRef[] = []
  for (const source of LIST_SOURCES) {
    const paths = LIST_FILES[source.id]
    if (!paths) continue
    const files = paths.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(DATA, 'lists', p)) }))
    const parsed = source.parseFiles(files)
    entries.push(...parsed.entries)
    const rowCounts: Record<string, number> = {}
    for (const e of parsed.entries) rowCounts[e.list] = (rowCounts[e.list] ?? 0) + 1
    snapshots.push({ source: source.id, sha256: 'bench', importedAt: '1970-01-01T00:00:00Z', rowCounts, ...(parsed.listDate ? { listDate: parsed.listDate } : {}) })
  }
  return { entries, snapshots }
}

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[]
}

const pct = (x: number): string => (100 * x).toFixed(2) + ' %'
const f3 = (x: number): string => x.toFixed(3)

function typeOfSchema(schema: string): EntityType | undefined {
  if (schema === 'Person') return 'individual'
  if (schema === 'Company' || schema === 'Organization' || schema === 'LegalEntity') return 'entity'
  if (schema === 'Vessel') return 'vessel'
  return undefined
}

// ---------------------------------------------------------------- F1 on labelled pairs
function benchF1(): void {
  const rows = readCsv(join(DATA, 'matching/nomenklatura/cases-dev.csv'))
  const scored = rows.map((r) => {
    const type = typeOfSchema(r.schema ?? '')
    const s = scoreNames({ a: r.name1!, b: r.name2!, ...(type ? { type } : {}) })
    return { group: r.case_group!, isMatch: r.is_match === 'true', score: s.score, r, summary: s.explanation.summary }
  })
  for (const x of scored) recordHit('cases-dev', `${x.r.schema} | ${x.r.name1} | ${x.r.name2}`, x.score, `${x.isMatch ? 'match' : 'non-match'} ${x.score >= T ? 'predicted match' : 'predicted non-match'}`)
  const prf = (xs: typeof scored, t: number) => {
    let tp = 0, fp = 0, fn = 0, tn = 0
    for (const x of xs) {
      const p = x.score >= t
      if (p && x.isMatch) tp++
      else if (p) fp++
      else if (x.isMatch) fn++
      else tn++
    }
    const P = tp + fp > 0 ? tp / (tp + fp) : 1
    const R = tp + fn > 0 ? tp / (tp + fn) : 1
    return { tp, fp, fn, tn, P, R, F1: P + R > 0 ? (2 * P * R) / (P + R) : 0 }
  }
  console.log(`\n## F1 on nomenklatura cases-dev.csv (${rows.length} pairs), threshold sweep`)
  console.log('| threshold | P | R | F1 |\n|---|---|---|---|')
  for (let k = 0; k <= 14; k++) {
    const t = (600 + 25 * k) / 1000
    const m = prf(scored, t)
    console.log(`| ${t.toFixed(3)} | ${f3(m.P)} | ${f3(m.R)} | ${f3(m.F1)} |`)
  }
  const m = prf(scored, T)
  console.log(`\nAt threshold ${T}: P ${f3(m.P)} R ${f3(m.R)} F1 ${f3(m.F1)} (TP ${m.tp} FP ${m.fp} FN ${m.fn} TN ${m.tn})`)
  // two fixed halves, by the pair and not by its label or score: a rule designed on one half must gain on the other
  for (const h of ['A', 'B'] as const) {
    const hm = prf(scored.filter((x) => halfOf(x.r.name1!, x.r.name2!) === h), T)
    console.log(`Half ${h} (${hm.tp + hm.fp + hm.fn + hm.tn} pairs): P ${f3(hm.P)} R ${f3(hm.R)} F1 ${f3(hm.F1)} (TP ${hm.tp} FP ${hm.fp} FN ${hm.fn} TN ${hm.tn})`)
  }
  for (let k = 0; k <= 14; k++) {
    const t = (600 + 25 * k) / 1000
    f1Sweep.set(t, prf(scored, t).F1)
  }
  console.log('\n| case_group | pairs | P | R | F1 |\n|---|---|---|---|---|')
  for (const g of [...new Set(scored.map((x) => x.group))].sort()) {
    const xs = scored.filter((x) => x.group === g)
    const gm = prf(xs, T)
    console.log(`| ${g} | ${xs.length} | ${f3(gm.P)} | ${f3(gm.R)} | ${f3(gm.F1)} |`)
  }
  console.log('\n| score band | pairs | matches | non-matches | precision in band | recall at band floor |\n|---|---|---|---|---|---|')
  const bands = [0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001]
  const positives = scored.filter((x) => x.isMatch).length
  for (let b = bands.length - 2; b >= 0; b--) {
    const xs = scored.filter((x) => x.score >= bands[b]! && x.score < bands[b + 1]!)
    const tp = xs.filter((x) => x.isMatch).length
    const above = scored.filter((x) => x.isMatch && x.score >= bands[b]!).length
    console.log(`| [${bands[b]!.toFixed(2)}, ${b === bands.length - 2 ? '1.00]' : bands[b + 1]!.toFixed(2) + ')'} | ${xs.length} | ${tp} | ${xs.length - tp} | ${xs.length ? f3(tp / xs.length) : '-'} | ${pct(above / positives)} |`)
  }
  if (args.includes('--errors')) {
    console.log('\nErrors at threshold:')
    for (const x of scored.filter((x) => (x.score >= T) !== x.isMatch).sort((a, b) => a.score - b.score))
      console.log(`${x.isMatch ? 'FN' : 'FP'} ${x.score.toFixed(3)} ${x.r.schema} | ${x.r.name1} | ${x.r.name2} | ${x.summary}`)
  }
}

// ---------------------------------------------------------------- what the labels say
/**
 * How cases-dev labels each construction of names (issue 10 point 1): pairs whose names differ in one word only
 * (every other word equal after normalization), by the edit distance between the two words that differ; pairs
 * where every word of one name is in the other (a part added or left out); and the pairs whose note gives the
 * same reason. A construction labelled both ways cannot be decided from the two names alone: what decides the
 * label there is knowledge of the people (is the other name a real, different person's), not the names.
 */
function benchLabels(): void {
  const rows = readCsv(join(DATA, 'matching/nomenklatura/cases-dev.csv'))
  const tally = new Map<string, { match: number; non: number; matchHit: number; nonHit: number; examples: string[] }>()
  const add = (key: string, r: Record<string, string>): void => {
    const type = typeOfSchema(r.schema ?? '')
    const hit = scoreNames({ a: r.name1!, b: r.name2!, ...(type ? { type } : {}) }).score >= T
    const t = tally.get(key) ?? { match: 0, non: 0, matchHit: 0, nonHit: 0, examples: [] }
    if (r.is_match === 'true') {
      t.match++
      if (hit) t.matchHit++
    } else {
      t.non++
      if (hit) t.nonHit++
    }
    if (t.examples.length < 4) t.examples.push(`${r.name1} / ${r.name2} (${r.is_match === 'true' ? 'match' : 'non-match'})`)
    tally.set(key, t)
  }
  for (const r of rows) {
    const type = typeOfSchema(r.schema ?? '')
    const a = normalizeName(r.name1!, { type }).tokens.map((t) => t.text)
    const b = normalizeName(r.name2!, { type }).tokens.map((t) => t.text)
    const onlyA = [...a]
    const onlyB: string[] = []
    for (const w of b) {
      const i = onlyA.indexOf(w)
      if (i >= 0) onlyA.splice(i, 1)
      else onlyB.push(w)
    }
    const shared = a.length - onlyA.length
    const kind = type === 'individual' ? 'person' : 'organisation or vessel'
    if (shared > 0 && onlyA.length === 1 && onlyB.length === 1) {
      const x = onlyA[0]!
      const y = onlyB[0]!
      const d = /^[0-9]+$/.test(x) && /^[0-9]+$/.test(y) ? 'a number' : `a word, edit distance ${Math.min(levenshtein(x, y), 4)}${levenshtein(x, y) >= 4 ? '+' : ''}`
      add(`${kind}: one part differs, ${d}`, r)
    } else if (shared > 0 && (onlyA.length === 0) !== (onlyB.length === 0)) add(`${kind}: one name's parts all in the other (${Math.max(onlyA.length, onlyB.length)} more)`, r)
    const note = (r.notes ?? '').toLowerCase()
    for (const [label, re] of [
      ['note: another real name ("X is real …", "collision")', /\bis real\b|real [a-z-]+ surname|collision/],
      ['note: "plausible-alternate"', /plausible-alt/],
      ['note: Korean given-name syllable swapped', /korean given-name/],
    ] as const)
      if (re.test(note)) add(label, r)
  }
  console.log(`\n## What cases-dev labels (${rows.length} pairs): constructions labelled both ways, and the matcher at ${T}`)
  console.log('| construction | labelled match | labelled non-match | matches predicted | non-matches predicted | examples |\n|---|---|---|---|---|---|')
  for (const [k, t] of [...tally].sort((p, q) => (p[0] < q[0] ? -1 : 1)))
    console.log(`| ${k} | ${t.match} | ${t.non} | ${t.matchHit} | ${t.nonHit} | ${t.examples.join('; ')} |`)
}

/**
 * The half of cases-dev a pair belongs to: the first byte of sha256(name1 NUL name2), even → A, odd → B.
 * Fixed by the names alone, so a rule can be designed looking at one half and checked on the other.
 */
export function halfOf(name1: string, name2: string): 'A' | 'B' {
  return (createHash('sha256').update(`${name1}\u0000${name2}`).digest()[0]! & 1) === 0 ? 'A' : 'B'
}

/** cases-dev F1 at each threshold of the sweep, for the threshold rule */
const f1Sweep = new Map<number, number>()

// ---------------------------------------------------------------- cross-script
function benchCross(): void {
  const lines = readFileSync(join(DATA, 'matching/watchman/cross_script_pairs.csv'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))
  const rows = parse(lines.join('\n'), { columns: ['query', 'expected', 'min', 'description'], relax_column_count: true }) as Record<string, string>[]
  let reachMin = 0
  let reachT = 0
  const scores: number[] = []
  console.log(`\n## Cross-script pairs (${rows.length})\n| query | expected | min | score | ≥ min | ≥ threshold |\n|---|---|---|---|---|---|`)
  for (const r of rows) {
    const s = scoreNames({ a: r.query!, b: r.expected!, type: 'individual' })
    const okMin = s.score >= Number(r.min)
    if (okMin) reachMin++
    if (s.score >= T) reachT++
    scores.push(s.score)
    console.log(`| ${r.query} | ${r.expected} | ${r.min} | ${f3(s.score)} | ${okMin ? 'yes' : 'no'} | ${s.score >= T ? 'yes' : 'no'} |`)
  }
  console.log(`\nCross-script: ${reachMin}/${rows.length} reach their Min Score, ${reachT}/${rows.length} reach the threshold ${T}`)
  recallAtFloors('cross-script pairs (all matches)', scores)
}

/** A labelled set of matches only: precision is 1 in every band, so the band table is the recall at each floor. */
function recallAtFloors(set: string, scores: number[]): void {
  const floors = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5]
  console.log(`\n| ${set}: score floor | ${floors.map((f) => f.toFixed(2)).join(' | ')} |\n|---|${floors.map(() => '---').join('|')}|`)
  console.log(`| recall | ${floors.map((f) => pct(scores.filter((x) => x >= f).length / scores.length)).join(' | ')} |`)
}

// ---------------------------------------------------------------- screener-based
let screenerCache: { screener: Screener; entries: ListEntry[]; buildMs: number } | undefined
function getScreener() {
  if (screenerCache) return screenerCache
  const lists = loadLists()
  const t0 = performance.now()
  const screener = buildScreener(lists)
  const buildMs = performance.now() - t0
  const names = lists.entries.reduce((a, e) => a + e.names.length, 0)
  console.log(`\nLoaded ${lists.entries.length} entries, ${names} names; screener built in ${buildMs.toFixed(0)} ms; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`)
  screenerCache = { screener, entries: lists.entries, buildMs }
  return screenerCache
}

/** top scores of screened names, per set, for the score-band tables */
const bandData: { set: string; positive: boolean; scores: number[] }[] = []

function screenNegatives(set: string, rows: { name: string; country?: string | undefined }[], type?: EntityType): void {
  const { screener } = getScreener()
  const sample = args.includes('--sample') && set !== 'legit-companies-dev.csv' ? Number(args[args.indexOf('--sample') + 1]) : rows.length
  rows = rows.slice(0, sample)
  const tops: number[] = []
  const worst: { name: string; score: number; hit: string; summary: string }[] = []
  const t0 = performance.now()
  let considered = 0
  for (const r of rows) {
    const country = r.country
    // default limit (10), threshold lowered to 0.5 only to sweep thresholds from there
    const res = screener.screen({ name: r.name, ...(country ? { country } : {}), ...(type ? { type } : {}), threshold: 0.5 })
    considered += res.candidatesConsidered
    const top = res.hits[0]
    tops.push(top?.score ?? 0)
    if (top && top.score >= T) {
      worst.push({ name: r.name, score: top.score, hit: `${top.list}:${top.matchedName}`, summary: top.explanation.summary })
      recordHit(set, r.name, top.score, `${top.list}:${top.matchedName}`)
    }
  }
  bandData.push({ set, positive: false, scores: tops })
  const ms = performance.now() - t0
  console.log(`\n## False positives on ${set} (${rows.length} names, ${rows.some((r) => r.country) ? 'country given' : 'no country'}), all lists`)
  console.log('| threshold | names with a hit | FPR |\n|---|---|---|')
  for (let k = 0; k <= 10; k++) {
    const t = (700 + 25 * k) / 1000
    const n = tops.filter((s) => s >= t).length
    console.log(`| ${t.toFixed(3)} | ${n} | ${pct(n / rows.length)} |`)
  }
  const n = tops.filter((s) => s >= T).length
  console.log(`\nAt threshold ${T}: ${n} of ${rows.length} names hit (FPR ${pct(n / rows.length)}); ${(ms / rows.length).toFixed(3)} ms/query, ${(considered / rows.length).toFixed(1)} candidates/query`)
  if (args.includes('--errors')) for (const w of worst.sort((a, b) => b.score - a.score).slice(0, 80)) console.log(`FP ${w.score} ${w.name} → ${w.hit} | ${w.summary}`)
}

const personRows = (file: string) =>
  readCsv(join(DATA, file)).map((r) => ({ name: r.full_name!, country: countryCodeFromName(r.nationality ?? '') }))

function benchFpr(): void {
  screenNegatives('negatives_us.csv', personRows('matching/yente/negatives_us.csv'))
}

function benchGlobal(): void {
  screenNegatives('negatives_global_dev.csv', personRows('matching/yente/negatives_global_dev.csv'))
}

function benchCompanies(): void {
  const rows = readCsv(join(DATA, 'matching/companies/legit-companies-dev.csv')).map((r) => ({ name: r.name!, country: r.country || undefined }))
  screenNegatives('legit-companies-dev.csv', rows)
}

/** synthetic generic company names (bench/generic-companies.ts, seed 10): none is listed, so every hit is a false positive */
function benchGeneric(): void {
  screenNegatives('generic company names (synthetic, seed 10)', genericCompanyNames(3000, 10).map((name) => ({ name })))
}

function benchPerturbed(): void {
  const { screener, entries } = getScreener()
  const variants = perturbEntityList(entries, 10)
  const byKind = new Map<PerturbKind, { n: number; found: number; top: number }>()
  const misses: string[] = []
  const scores: number[] = []
  for (const v of variants) {
    const e = v.entry
    const isThis = (h: ScreeningHit): boolean =>
      (h.source === e.source && h.entryId === e.sourceId && h.list === e.list) || (h.alsoPublishedIn ?? []).some((c) => c.source === e.source && c.entryId === e.sourceId && c.list === e.list)
    const res = screener.screen({ name: v.name, threshold: 0.5, limit: 50 })
    const top = res.hits[0]
    const mine = res.hits.find(isThis)
    // the right entry on top: first, or within 0.02 of the first (the same name listed on several
    // entries: "Aerosun" is the whole name of one listing and "Aerosun Corporation" without its legal form)
    // or the changed name is now exactly the name of the listing on top (dropping "(Huawei)" from
    // "Huawei Technologies Co., Ltd. (Huawei)" gives the name of another Huawei listing): that
    // listing is the right answer, and the entry itself must still reach the threshold
    const exactOther = top !== undefined && normalizeName(v.name).text === normalizeName(top.matchedName).text
    const onTop = top !== undefined && mine !== undefined && (mine.score >= top.score - 0.02 || exactOther)
    const found = onTop && mine.score >= T
    scores.push(onTop ? mine.score : 0)
    const k = byKind.get(v.kind) ?? { n: 0, found: 0, top: 0 }
    k.n++
    if (found) k.found++
    if (onTop) k.top++
    byKind.set(v.kind, k)
    if (!found) recordHit('perturbed (missed)', `${v.kind} ${v.name}`, mine?.score ?? 0, top ? `top ${top.matchedName}` : 'no hit')
    if (!found) misses.push(`${v.kind} "${v.name}" (${v.original}) → ${top ? `top ${top.matchedName} ${top.score}` : 'no hit'}, own ${mine ? mine.score : '-'}${mine ? ' | ' + mine.explanation.summary : ''}`)
  }
  bandData.push({ set: 'perturbed Entity List', positive: true, scores })
  const total = variants.length
  const found = [...byKind.values()].reduce((a, k) => a + k.found, 0)
  console.log(`\n## Perturbed Entity List names (seed 10; ${total} variants of ${new Set(variants.map((v) => v.entry)).size} EL names), right entry on top at ≥ ${T}`)
  console.log('| perturbation | names | found | recall |\n|---|---|---|---|')
  for (const kind of PERTURB_KINDS) {
    const k = byKind.get(kind)
    if (k) console.log(`| ${kind} | ${k.n} | ${k.found} | ${pct(k.found / k.n)} |`)
  }
  console.log(`| all | ${total} | ${found} | **${pct(found / total)}** |`)
  if (args.includes('--errors')) for (const m of misses.slice(0, 120)) console.log('MISS ' + m)
}

/** Precision and recall per score band: cases-dev pairs, and screening (perturbed EL names as positives against the negatives). */
function benchBands(): void {
  if (bandData.length === 0) return
  const bands = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001]
  const pos = bandData.filter((d) => d.positive)
  const neg = bandData.filter((d) => !d.positive)
  console.log('\n## Score bands (top score of each screened name)')
  console.log(`| band | ${bandData.map((d) => `${d.set} (${d.positive ? 'found' : 'hits'})`).join(' | ')} | screening precision | recall at band floor |`)
  console.log(`|---|${bandData.map(() => '---').join('|')}|---|---|`)
  const posTotal = pos.reduce((a, d) => a + d.scores.length, 0)
  for (let b = bands.length - 2; b >= 0; b--) {
    const lo = bands[b]!
    const hi = bands[b + 1]!
    const counts = bandData.map((d) => d.scores.filter((s) => s >= lo && s < hi).length)
    // per-name rates: each set's count over its size, so sets of different sizes weigh alike
    const p = pos.reduce((a, d) => a + d.scores.filter((s) => s >= lo && s < hi).length / d.scores.length, 0)
    const n = neg.reduce((a, d) => a + d.scores.filter((s) => s >= lo && s < hi).length / d.scores.length, 0)
    const above = pos.reduce((a, d) => a + d.scores.filter((s) => s >= lo).length, 0)
    console.log(`| [${lo.toFixed(2)}, ${hi > 1 ? '1.00]' : hi.toFixed(2) + ')'} | ${counts.join(' | ')} | ${p + n > 0 ? f3(p / (p + n)) : '-'} | ${posTotal > 0 ? pct(above / posTotal) : '-'} |`)
  }
  console.log('\nScreening precision per band: (share of positives in the band) / (that + share of each negative set in the band), i.e. for equal numbers of listed and innocent names of each set.')
}

/**
 * The default-threshold rule (issue 10 point 2), applied to this run. A threshold is allowed when it meets every
 * target that is set on a labelled set other than cases-dev: false-positive rate at most 0.5 % on both people
 * sets, no legitimate company hit, and at least 99 % of the perturbed Entity List names found. Among the allowed
 * thresholds the run picks the one with the best cases-dev F1 and prints the range allowed, so that the choice
 * is seen to rest on every set and not on cases-dev alone. Printed when the parts it needs ran
 * (`--only f1,fpr,global,companies,perturbed`).
 */
function benchThresholdRule(): void {
  const sets = new Map(bandData.filter((d) => !d.positive).map((d) => [d.set, d.scores]))
  const us = sets.get('negatives_us.csv')
  const global = sets.get('negatives_global_dev.csv')
  const companies = sets.get('legit-companies-dev.csv')
  const perturbed = bandData.find((d) => d.positive)?.scores
  if (f1Sweep.size === 0 || !us || !global || !companies || !perturbed) return
  const rate = (xs: number[], t: number): number => xs.filter((s) => s >= t).length / xs.length
  console.log('\n## Default threshold rule: thresholds meeting every target of the other sets (FPR ≤ 0.5 % US and global, 0 companies, perturbed found ≥ 99 %); best cases-dev F1 among them')
  console.log('| threshold | cases-dev F1 | US FPR | global FPR | companies | perturbed found | allowed |\n|---|---|---|---|---|---|---|')
  let best: number | undefined
  const allowed: number[] = []
  for (const [t, f1] of [...f1Sweep].sort((a, b) => a[0] - b[0])) {
    if (t < 0.7) continue
    const ok = rate(us, t) <= 0.005 && rate(global, t) <= 0.005 && rate(companies, t) === 0 && rate(perturbed, t) >= 0.99
    if (ok) allowed.push(t)
    if (ok && (best === undefined || f1 > f1Sweep.get(best)!)) best = t
    console.log(`| ${t.toFixed(3)} | ${f3(f1)} | ${pct(rate(us, t))} | ${pct(rate(global, t))} | ${companies.filter((s) => s >= t).length} | ${pct(rate(perturbed, t))} | ${ok ? 'yes' : 'no'} |`)
  }
  const range = allowed.length ? `${allowed[0]!.toFixed(3)}–${allowed[allowed.length - 1]!.toFixed(3)}` : 'none'
  console.log(`\nAllowed by the other sets: ${range}. The rule picks ${best === undefined ? 'no threshold' : best.toFixed(3)}; DEFAULT_THRESHOLD is ${DEFAULT_THRESHOLD}${best === DEFAULT_THRESHOLD ? ' (the same)' : ' (differs: revisit it)'}.`)
}

function benchAlias(): void {
  const { screener, entries } = getScreener()
  let total = 0
  let first = 0 // the top hit is this listing (an SDN row the CSL republishes is one listing: OFAC's entry, with the CSL copy in alsoPublishedIn)
  let firstOrTied = 0 // this listing scores as high as the top hit (identical names on several entries tie)
  const misses: string[] = []
  const t0 = performance.now()
  const step = args.includes('--sample') ? Math.max(1, Math.floor(entries.length / Number(args[args.indexOf('--sample') + 1]))) : 1
  for (let i = 0; i < entries.length; i += step) {
    const e = entries[i]!
    if (!(e.source === 'csl' || e.source === 'sdn')) continue
    const isThis = (h: ScreeningHit): boolean =>
      (h.source === e.source && h.entryId === e.sourceId && h.list === e.list) || (h.alsoPublishedIn ?? []).some((c) => c.source === e.source && c.entryId === e.sourceId && c.list === e.list)
    const seen = new Set<string>()
    for (const n of e.names) {
      const name = n.name.trim()
      if (name === '' || seen.has(name)) continue
      seen.add(name)
      if (normalizeName(name).tokens.length === 0) continue
      total++
      const res = screener.screen({ name, threshold: 0, limit: 1000 })
      const top = res.hits[0]
      const mine = res.hits.find(isThis)
      if (top && mine && isThis(top)) first++
      if (top && mine && mine.score >= top.score) firstOrTied++
      else if (misses.length < 40) misses.push(`${e.source}:${e.list}:${e.sourceId} "${name}" → top ${top ? `${top.matchedName} ${top.score}` : 'none'}, own ${mine ? mine.score : 'not returned'}`)
    }
  }
  const ms = performance.now() - t0
  console.log(`\n## Alias recall (each CSL and SDN name screened alone against all lists)`)
  console.log(
    `${total} names: listing first or tied for first ${firstOrTied} = ${pct(firstOrTied / total)}; first ${first} = ${pct(first / total)}; ${(ms / total).toFixed(3)} ms/query (limit 1000)`,
  )
  if (args.includes('--errors')) for (const m of misses) console.log('MISS ' + m)
}

function benchUn(): void {
  const { screener } = getScreener()
  const rows = readCsv(join(DATA, 'matching/yente/positives_un_untreated.csv'))
  let hit = 0
  const scores: number[] = []
  for (const r of rows) {
    const res = screener.screen({ name: r.full_name!, threshold: 0.5, limit: 1 })
    const top = res.hits[0]?.score ?? 0
    scores.push(top)
    if (top >= T) hit++
  }
  console.log(`\n## UN SC people (positives_un_untreated.csv, ${rows.length}) found in the US lists at ${T}: ${hit} = ${pct(hit / rows.length)} (not all UN designations are on US lists)`)
  recallAtFloors('UN SC people, top hit', scores)
}

function writeDefaultFrequencies(): void {
  const { entries } = loadLists()
  const freq = countTokenFrequencies(entries.map((e) => e.names.flatMap((n) => normalizeName(n.name, { type: e.type }).tokens)))
  const minDf = Math.ceil(freq.entryCount / 1000) // rarer tokens have full weight anyway
  const rows = [...freq.documentFrequency].filter(([, df]) => df >= minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const body = rows.map(([t, df]) => `  [${JSON.stringify(t)}, ${df}],`).join('\n')
  const file = `import type { TokenFrequencies } from './token-weights.js'

/**
 * Document frequencies of the commonest name tokens in the US lists (CSL 2022-04, SDN 2024-05,
 * non-SDN 2025-12, DPL 2023-11; ${freq.entryCount} entries), used by \`scoreNames\` when no lists are
 * loaded. Only tokens in at least 1 entry in 1,000 are kept: rarer tokens have full weight anyway.
 * Generated by \`node --import tsx bench/screening-quality.ts --write-default-frequencies\`.
 */
export const DEFAULT_TOKEN_FREQUENCIES: TokenFrequencies = {
  entryCount: ${freq.entryCount},
  documentFrequency: new Map<string, number>([
${body}
  ]),
}
`
  const out = join(ROOT, 'src/screening/score/default-token-frequencies.ts')
  writeFileSync(out, file)
  console.log(`wrote ${rows.length} tokens to ${out}`)
}

if (args.includes('--write-default-frequencies')) writeDefaultFrequencies()
else {
  console.log(`Screening quality, threshold ${T}, node ${process.version}`)
  if (want('f1')) benchF1()
  if (want('labels')) benchLabels()
  if (want('cross')) benchCross()
  if (want('fpr')) benchFpr()
  if (want('alias')) benchAlias()
  if (want('un')) benchUn()
  if (want('global')) benchGlobal()
  if (want('companies')) benchCompanies()
  if (want('generic')) benchGeneric()
  if (want('perturbed')) benchPerturbed()
  benchBands()
  benchThresholdRule()
  if (hitsOut) writeFileSync(hitsOut, hitLines.join('\n') + '\n')
}
