/**
 * `chipnav screen "<name>"` and `chipnav screen --batch parties.csv`: screen party names against the
 * active list snapshots. Batch mode (screen-batch.ts) hands the rows out in chunks to worker threads, each with its own screener.
 */
import type { Command } from 'commander'
import type { ScreeningHit, ScreeningResult } from '../../screening/screener.js'
import { cliLoadScreener } from './cli-screener.js'
import type { SnapshotRef } from '../../screening/model.js'
import { action, usageError } from '../run-command.js'
import { cliListWarnings, cliMaxListAge, MAX_LIST_AGE_HELP, listWarningLine } from '../list-age.js'
import type { StaleListWarning } from '../../screening/snapshots/freshness.js'
import { parseCountry, parseEntityType, parseListCodes, parseThreshold } from './screening-io.js'

export type ScreenDeps = { home: () => string }

type ScreenOptions = {
  country?: string
  type?: string
  lists?: string
  threshold?: string
  limit?: string
  json?: boolean
  batch?: string
  out?: string
  workers?: string
  maxListAge?: string
  explain?: boolean
}

/** the hits printed in full (entry details and why they matched) without --explain; the others take one line each */
export const DETAILED_HITS = 3

export function registerScreen(program: Command, deps: ScreenDeps): void {
  program
    .command('screen')
    .description('Screen a party name against the active list snapshots (or a CSV of parties with --batch)')
    .argument('[name]', 'the party name to screen')
    .option('--country <CC>', 'ISO 3166-1 alpha-2 country of the party, e.g. CN')
    .option('--type <type>', 'entity, individual, vessel or aircraft')
    .option('--lists <codes>', 'only these lists, comma-separated: el,meu,uvl,dpl,sdn,ssi,…')
    .option('--threshold <x>', 'the score from which a hit is a match, 0 to 1')
    .option('--limit <n>', 'print at most this many hits (single name; every match is still counted, and --json and the API return them all)')
    .option('--explain', `print every hit in full, with why it matched (default: the top ${DETAILED_HITS} in full, the others one line each)`)
    .option('--json', 'print JSON')
    .option('--batch <file>', 'screen every row of a CSV with columns name[,country,type,id]')
    .option('--out <file>', 'batch output file: .csv or .json (default: CSV on stdout)')
    .option('--workers <n>', 'batch worker threads (default: the number of cores)')
    .option('--max-list-age <days>', MAX_LIST_AGE_HELP)
    .action(
      action(async (name: string | undefined, opts: ScreenOptions) => {
        const lists = parseListCodes(opts.lists)
        const threshold = parseThreshold(opts.threshold)
        if (opts.batch !== undefined) {
          if (name !== undefined) throw usageError('give either a name or --batch <file>, not both')
          if (opts.country !== undefined || opts.type !== undefined) {
            throw usageError('--country and --type apply to one name; in --batch mode put them in the country and type columns')
          }
          // the batch path (CSV, worker threads, progress bar) is loaded only when it runs
          const { screenBatch } = await import('./screen-batch.js')
          await screenBatch({ home: deps.home(), file: opts.batch, out: opts.out, isJson: opts.json === true, lists, threshold, workers: opts.workers, maxListAge: opts.maxListAge })
          return
        }
        if (opts.out !== undefined) throw usageError('--out is for --batch mode; redirect the output of a single screen instead')
        if (name === undefined || name.trim() === '') throw usageError('give a name to screen, e.g. chipnav screen "Huawei Technologies" --country CN, or --batch <file>')
        const country = parseCountry(opts.country)
        const type = parseEntityType(opts.type)
        const limit = parseLimit(opts.limit)
        cliMaxListAge(opts.maxListAge) // a bad setting fails before the lists load
        const screener = await cliLoadScreener(deps.home())
        const result = screener.screen({
          name,
          ...(country ? { country } : {}),
          ...(type ? { type } : {}),
          ...(lists ? { lists } : {}),
          ...(threshold !== undefined ? { threshold } : {}),
        })
        const listWarnings = cliListWarnings(result.snapshots, opts.maxListAge)
        const shown = { ...result, hits: limit !== undefined ? result.hits.slice(0, limit) : result.hits, listWarnings }
        process.stdout.write(opts.json ? `${JSON.stringify(shown, null, 2)}\n` : formatResult(shown, { detailed: opts.explain ? Infinity : DETAILED_HITS }))
      }),
    )
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw usageError(`--limit must be a whole number of at least 1, got "${value}"`)
  return n
}

const pct = (x: number) => x.toFixed(3)

/**
 * A screening as a person reads it: the count, the list warnings, the first `detailed` hits in full (entry, programmes,
 * licence policy, why they matched), every other hit on one line (score, list, name, countries, entry id), and the
 * snapshots used. Nothing is dropped from the answer: --json has every hit with its explanation.
 */
export function formatResult(r: ScreeningResult & { listWarnings?: StaleListWarning[] }, opts: { detailed: number } = { detailed: DETAILED_HITS }): string {
  const out: string[] = []
  const q = r.query
  const about = [q.country && `country ${q.country}`, q.type && `type ${q.type}`, q.lists && `lists ${q.lists.join(',')}`].filter(Boolean).join(', ')
  const matches = r.hitCount
  const cut = r.hits.filter((h) => h.isMatch).length < matches ? ` (--limit: ${matches - r.hits.filter((h) => h.isMatch).length} more not printed)` : ''
  out.push(`screening "${q.name}"${about ? ` (${about})` : ''}: ${matches} match${matches === 1 ? '' : 'es'} at threshold ${r.threshold}, ${r.hits.length} hit${r.hits.length === 1 ? '' : 's'} shown${cut}, ${r.candidatesConsidered} candidates considered`)
  for (const w of r.listWarnings ?? []) out.push(listWarningLine(w))
  for (const n of r.notices ?? []) out.push(`NOTICE ${n.code}: ${n.message}`)
  const full = r.hits.slice(0, opts.detailed)
  const brief = r.hits.slice(opts.detailed)
  full.forEach((h, i) => out.push(...formatHit(h, i + 1)))
  if (brief.length > 0) {
    const which = brief.length === 1 ? `Hit ${full.length + 1}, on one line` : `Hits ${full.length + 1}–${r.hits.length}, one line each`
    out.push('', `${which}: score, list, name, [countries], entry (--explain prints ${brief.length === 1 ? 'it' : 'each'} in full with why it matched; --json gives everything):`)
    brief.forEach((h, i) => out.push(hitLine(h, full.length + i + 1, String(r.hits.length).length)))
  }
  if (r.hits.length === 0) out.push(r.notices?.length ? 'no hits — not a clean result: see the notice above' : 'no hits')
  out.push('', 'list snapshots used:')
  for (const s of r.snapshots) out.push(`  ${formatSnapshot(s)}`)
  return `${out.join('\n')}\n`
}

/** One hit on one line: "  12. 0.912  EL    Huawei Technologies Co., Ltd. (Huawei)  [CN]  csl:d05d55fa…" (the id whole). */
function hitLine(h: ScreeningHit, n: number, width: number): string {
  const below = h.isMatch ? '' : ' (below threshold)'
  const countries = h.countries.length > 0 ? `  [${h.countries.join(', ')}]` : ''
  return `${`${n}.`.padStart(width + 3)} ${pct(h.score).padEnd(6)} ${h.list.toUpperCase().padEnd(5)} ${h.primaryName.replace(/\s+/g, ' ')}${countries}  ${h.source}:${h.entryId}${below}`
}

function formatHit(h: ScreeningHit, n: number): string[] {
  const lines = [
    '',
    `${n}. ${h.isMatch ? 'MATCH' : 'below threshold'}  score ${pct(h.score)}  ${h.list.toUpperCase()}  ${h.primaryName}`,
    `   entry        ${h.source}:${h.entryId}${h.type ? ` (${h.type})` : ''}`,
  ]
  if (h.shownFirstBecause) lines.push(`   first        ${h.shownFirstBecause}`)
  for (const c of h.alsoPublishedIn ?? []) lines.push(`   also in      ${c.source}:${c.entryId} (the same listing, republished)`)
  if (h.matchedName !== h.primaryName) lines.push(`   matched      "${h.matchedName}" (${h.matchedNameKind}${h.matchedNameSource ? `, as published in ${h.matchedNameSource}` : ''})`)
  if (h.programs.length > 0) lines.push(`   ${['un', 'uk', 'eu'].includes(h.list) ? 'regime      ' : 'programs    '} ${h.programs.join(', ')}`)
  if (h.unReference && h.list !== 'un') lines.push(`   UN ref.      ${h.unReference}`)
  if (h.noticeUrl) lines.push(`   notice       ${h.noticeUrl}`)
  if (h.listedOn) lines.push(`   listed on    ${h.listedOn}`)
  if (h.federalRegisterNotice) lines.push(`   FR notice    ${h.federalRegisterNotice}`)
  if (h.licenseRequirement) lines.push(`   licence req. ${h.licenseRequirement}`)
  if (h.licensePolicy) lines.push(`   licence pol. ${h.licensePolicy}`)
  if (h.countries.length > 0) lines.push(`   countries    ${h.countries.join(', ')}`)
  for (const a of h.addresses.slice(0, 3)) lines.push(`   address      ${a}`)
  if (h.addresses.length > 3) lines.push(`   …            ${h.addresses.length - 3} more addresses`)
  const e = h.explanation
  lines.push(`   why          ${e.summary}`)
  lines.push(`   compared     "${e.queryNormalized}" ↔ "${e.candidateNormalized}"`)
  for (const a of e.alignment) {
    lines.push(`     ${(a.query || '—').padEnd(18)} ↔ ${(a.list || '—').padEnd(18)} similarity ${pct(a.similarity)}  weight ${pct(a.weight)}  ${a.kind}`)
  }
  for (const adj of e.adjustments) lines.push(`     adjustment: ${adj.reason} (${adj.delta >= 0 ? '+' : ''}${pct(adj.delta)})`)
  if (h.snapshot) lines.push(`   snapshot     ${h.snapshot.source} sha256 ${h.snapshot.sha256}`)
  return lines
}

function formatSnapshot(s: SnapshotRef): string {
  const rows = Object.values(s.rowCounts).reduce((a, b) => a + b, 0)
  return `${s.source}  sha256 ${s.sha256}  list date ${s.listDate ?? 'n/a'}  imported ${s.importedAt}  ${rows} rows`
}
