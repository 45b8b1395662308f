/** `chipnav check`: the licence determination for one transaction, `chipnav diff` across dates, `chipnav timeline`. */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { determine } from '../../determination/determine.js'
import { explainChange } from '../../determination/explain-change.js'
import { redFlagsInForce } from '../../determination/red-flags.js'
import { certificationsInForce } from '../../determination/certifications.js'
import { isAuthorisationFlag } from '../../determination/authorisation-cover.js'
import { PARTY_ROLES, END_USE_CATEGORIES, type TransactionInput } from '../../determination/transaction-schema.js'
import type { PartyScreener, Regime } from '../../determination/types.js'
import type { Screener } from '../../screening/screener.js'
import type { SnapshotRef } from '../../screening/model.js'
import { AppError, isAppError } from '../../shared/errors.js'
import { isIsoDate } from '../../shared/iso-date.js'
import { parseQuantityOption } from '../../shared/quantity.js'
import { timelineEvents } from '../../rules/timeline-events.js'
import { cliJurisdictions, cliRules, parseDateOption } from '../context.js'
import { cliListWarnings, cliMaxListAge, MAX_LIST_AGE_HELP, listWarningLine } from '../list-age.js'
import { action, usageError } from '../run-command.js'
import { formatDetermination } from '../format-determination.js'
import { verdictExitCode } from '../verdict-exit-code.js'
import { withCliAnswers } from './check-answers.js'
import { resolveHome } from '../home.js'
import { cliAuthorisationsInForce, cliAuthorisationsOn } from './cli-authorisations.js'
import { cliActiveSnapshotRefs, cliLoadScreener } from './cli-screener.js'

type CheckFlags = {
  file?: string
  item?: string
  system?: string
  eccn?: string
  qty?: string
  to?: string
  from?: string
  party?: string[]
  endUse?: string[]
  date?: string
  regime?: string
  json?: boolean
  verbose?: boolean
  exitCode?: boolean
  certify?: string[]
  redFlag?: string[]
  maxListAge?: string
}

const collect = (v: string, prev: string[] = []) => [...prev, v]

/** The screener from the active list snapshots, or undefined when none is imported (the answer then says so). */
export async function cliScreener(): Promise<Screener | undefined> {
  try {
    return await cliLoadScreener(resolveHome())
  } catch (e) {
    if (isAppError(e) && e.code === 'LIST_SNAPSHOT_MISSING') return undefined
    throw e
  }
}

/**
 * What a check of `tx` needs of the lists: the screener when the input names parties, else only the active
 * snapshots (their age is still said): a check without parties screens nothing, so it neither loads the
 * screening code nor opens the index (issue 15, review finding F17). Anything but a missing or empty `parties`
 * loads the screener, as before, so a malformed input fails exactly as it did.
 */
async function cliScreeningFor(tx: unknown): Promise<{ screener: Screener | undefined; snapshots: readonly SnapshotRef[] }> {
  const parties = tx !== null && typeof tx === 'object' ? (tx as Record<string, unknown>).parties : undefined
  if (parties === undefined || (Array.isArray(parties) && parties.length === 0)) return { screener: undefined, snapshots: (await cliActiveSnapshotRefs(resolveHome())) ?? [] }
  const screener = await cliScreener()
  return { screener, snapshots: screener?.snapshots ?? [] }
}

export function parseRegime(v: string | undefined): Regime {
  if (v === undefined || v === 'as-enforced' || v === 'as-published') return v ?? 'as-enforced'
  throw new AppError('VALIDATION_FAILED', { detail: `--regime "${v}" is not known`, issues: [{ path: '--regime', message: 'expected as-enforced or as-published' }] })
}

export function readJsonInput(path: string, option: string): unknown {
  let text: string
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8')
  } catch {
    throw new AppError('FILE_NOT_FOUND', { detail: `cannot read "${path}"`, issues: [{ path: option, message: 'expected a readable JSON file ("-" for standard input)' }] })
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new AppError('INVALID_JSON', { detail: `"${path}" is not valid JSON: ${(e as Error).message}`, issues: [{ path: option, message: 'expected a JSON object' }] })
  }
}

type InputKind = 'transaction' | 'access check'

/**
 * A file of the other kind (an access check given to `check`, a transaction to `check-access`, as examples/ holds
 * both) is named for what it is, with the command that reads it, instead of a list of fields it lacks.
 */
export function refuseOtherKind(input: unknown, expected: InputKind, option: string): void {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return
  const keys = new Set(Object.keys(input))
  const isAccessCheck = (keys.has('who') || keys.has('what')) && !keys.has('item')
  const isTransaction = keys.has('item') && !keys.has('who') && !keys.has('what')
  const found: InputKind | undefined = isAccessCheck ? 'access check' : isTransaction ? 'transaction' : undefined
  if (found === undefined || found === expected) return
  const command = found === 'access check' ? 'chipnav check-access --file' : 'chipnav check --file'
  const shape = expected === 'transaction' ? '{ date, item, quantity, to, parties }' : '{ date, who, what, where, purpose }'
  const an = (kind: InputKind) => (kind === 'access check' ? 'an access check' : 'a transaction')
  const fields = found === 'access check' ? '(who, what, where)' : '(item, quantity, to)'
  throw usageError(`${option} holds ${an(found)} ${fields}, not ${an(expected)}: check it with ${command} …`, { issues: [{ path: option, message: `expected ${an(expected)} ${shape}` }] })
}

/** `--party role:name:country[:hq[:parent-hq]]` */
function parseParty(spec: string, i: number) {
  const parts = spec.split(':')
  const [role, name, country, headquarters, ultimateParentHeadquarters] = parts
  if (parts.length < 3 || parts.length > 5 || !role || !name || !country) {
    throw new AppError('VALIDATION_FAILED', { detail: `--party "${spec}" is not role:name:country[:hq[:parent-hq]]`, issues: [{ path: `--party[${i}]`, message: `expected role:name:country[:hq[:parent-hq]] with role one of ${PARTY_ROLES.join(', ')}` }] })
  }
  return { role, name, country, ...(headquarters ? { headquarters } : {}), ...(ultimateParentHeadquarters ? { ultimateParentHeadquarters } : {}) }
}

function transactionFromFlags(f: CheckFlags): TransactionInput {
  const items = [f.item && 'item', f.system && 'system', f.eccn && 'eccn'].filter(Boolean)
  if (items.length !== 1) throw usageError('give exactly one of --item <chip-id>, --system <id> or --eccn <ECCN>, or --file tx.json', { issues: [{ path: '--item', message: 'expected a catalogue id, e.g. nvidia-h100-sxm' }] })
  if (!f.to) throw usageError('--to <CC> is required', { issues: [{ path: '--to', message: 'expected an ISO 3166-1 alpha-2 destination, e.g. CN' }] })
  const qty = f.qty === undefined ? 1 : parseQuantityOption(f.qty, '--qty')
  return {
    date: parseDateOption(f.date),
    item: f.item ? { chip: f.item } : f.system ? { system: f.system } : { eccn: f.eccn as never },
    quantity: qty,
    ...(f.from ? { from: f.from } : {}),
    to: f.to,
    parties: (f.party ?? []).map(parseParty) as TransactionInput['parties'],
    ...(f.endUse?.length ? { endUse: { categories: f.endUse as never } } : {}),
  }
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Determine whether a transaction needs a licence on a date, and why (with citations)')
    .option('--file <tx.json>', 'the transaction as JSON ("-" reads standard input)')
    .option('--item <chip-id>', 'a catalogue chip')
    .option('--system <id>', 'a catalogue system')
    .option('--eccn <ECCN>', 'only the ECCN (3A090.a, 3A090.b, 3A090.c, 4A090.a, 4A090.b)')
    .option('--qty <n>', 'quantity (default 1, stated in the answer as assumed; the API requires it)')
    .option('--to <CC>', 'destination, ISO 3166-1 alpha-2')
    .option('--from <CC>', 'country of export (default US)')
    .option('--party <role:name:country[:hq[:parent-hq]]>', `a party (repeatable); roles: ${PARTY_ROLES.join(', ')}`, collect)
    .option('--end-use <category>', `an end-use category (repeatable): ${END_USE_CATEGORIES.join(', ')}`, collect)
    .option('--date <YYYY-MM-DD>', 'the date (default today)')
    .option('--regime <regime>', 'as-enforced (default) or as-published')
    .option('--certify <id>', 'a certification the exporter makes (repeatable, or several ids separated by commas), e.g. us-supply-sufficient; added to the file\'s "certifications"', collect)
    .option('--red-flag <id=yes|no>', 'the answer to a red-flag question (repeatable); `chipnav red-flags --date <date>` lists the ids', collect)
    .option('--verbose', 'every reason with all its citations, every flag with its source, every unanswered question')
    .option('--json', 'print the full result as JSON')
    .option('--max-list-age <days>', MAX_LIST_AGE_HELP)
    .option('--exit-code', 'exit with the verdict: 0 NLR or LICENSE_EXCEPTION, 3 LICENSE_REQUIRED, 4 PROHIBITED, 5 undetermined (2 bad input, 1 failure, as always)')
    .addHelpText(
      'after',
      `
Exit codes with --exit-code (without it: 0 whenever an answer is printed):
  0  NLR or LICENSE_EXCEPTION
  3  LICENSE_REQUIRED
  4  PROHIBITED
  5  undetermined: the item's classification is undetermined (the most restrictive one was assumed),
     a party could not be screened (no list snapshot imported), or a rule whose standing is unknown
     changes the answer (unknownRuleStatus: both answers are printed); PROHIBITED still exits 4
  2  bad input (e.g. INVALID_COUNTRY), 1 failure of the data or environment`,
    )
    .action(
      action(async (f: CheckFlags) => {
        cliMaxListAge(f.maxListAge) // a bad setting fails before anything loads
        const regime = parseRegime(f.regime)
        const rules = await cliRules()
        let tx: unknown
        if (f.file) {
          if (f.item || f.system || f.eccn || f.to) throw usageError('give either --file or the transaction options, not both')
          tx = readJsonInput(f.file, '--file')
          refuseOtherKind(tx, 'transaction', '--file')
          if (f.date && tx && typeof tx === 'object') (tx as Record<string, unknown>).date = parseDateOption(f.date)
        } else tx = transactionFromFlags(f)
        tx = withCliAnswers(tx, { certify: f.certify ?? [], redFlags: f.redFlag ?? [] }, rules)
        const { screener, snapshots } = await cliScreeningFor(tx)
        // the recorded authorisations (VEU), read from the store as the API does: one that covers the transaction is said
        const authorisations = await cliAuthorisationsInForce(tx && typeof tx === 'object' ? (tx as Record<string, unknown>).date : undefined)
        const result = determine(tx, { rules, regime, jurisdictions: cliJurisdictions(), screener, ...(authorisations ? { authorisations } : {}) })
        const listWarnings = cliListWarnings(snapshots, f.maxListAge)
        // the API requires quantity; the command line assumes one unit when --qty is not given, and says so in the answer
        const assumed = !f.file && f.qty === undefined ? { quantity: 1 } : undefined
        const assumedLine = assumed ? `assumed: quantity ${assumed.quantity} (--qty not given; give it for an answer about the real shipment)\n` : ''
        const warningLines = assumedLine + listWarnings.map((w) => `${listWarningLine(w)}\n`).join('')
        process.stdout.write(f.json ? `${JSON.stringify({ ...result, listWarnings, ...(assumed ? { assumed } : {}) }, null, 2)}\n` : `${formatDetermination(result, rules, { verbose: f.verbose ?? false })}\n${warningLines}`)
        if (f.exitCode) process.exitCode = verdictExitCode(result)
      }),
    )

  program
    .command('diff')
    .description('How the answer for a transaction changes across dates, and which rule changed it')
    .requiredOption('--file <tx.json>', 'the transaction as JSON ("-" reads standard input)')
    .requiredOption('--dates <D1,D2,...>', 'dates to compare, YYYY-MM-DD, comma-separated')
    .option('--regime <regime>', 'as-enforced (default) or as-published')
    .option('--json', 'print JSON')
    .option('--max-list-age <days>', MAX_LIST_AGE_HELP)
    .action(
      action(async (f: { file: string; dates: string; regime?: string; json?: boolean; maxListAge?: string }) => {
        cliMaxListAge(f.maxListAge) // a bad setting fails before anything loads
        const regime = parseRegime(f.regime)
        const dates = f.dates.split(',').map((d) => d.trim())
        dates.forEach((d, i) => {
          if (!isIsoDate(d)) throw new AppError('INVALID_DATE', { detail: `--dates: "${d}" is not a date`, issues: [{ path: `--dates[${i}]`, message: 'expected YYYY-MM-DD' }] })
        })
        if (dates.length < 2) throw usageError('--dates needs at least two dates', { issues: [{ path: '--dates', message: 'expected D1,D2[,...]' }] })
        dates.sort()
        const tx = readJsonInput(f.file, '--file') as Record<string, unknown>
        refuseOtherKind(tx, 'transaction', '--file')
        const rules = await cliRules()
        const { screener, snapshots } = await cliScreeningFor(tx)
        // the recorded authorisations valid on each date, as check reads them (none without a store)
        const authorisations = await cliAuthorisationsOn(dates)
        const rows = dates.map((date) => ({ date, result: determine({ ...tx, date }, { rules, regime, jurisdictions: cliJurisdictions(), screener, ...(authorisations ? { authorisations: authorisations.get(date) ?? [] } : {}) }) }))
        const changes = rows.map((row, i) => {
          const prev = rows[i - 1]
          const change = prev ? explainChange(rules, prev, row) : undefined
          return {
            date: row.date,
            verdict: row.result.verdict,
            reviewPolicy: row.result.reviewPolicy,
            licenseExceptions: row.result.licenseExceptions.map((e) => e.id),
            eccn: row.result.item.eccn,
            changed: change?.changed ?? false,
            rulesAdded: change?.rulesAdded ?? [...new Set(row.result.reasons.map((r) => r.ruleId))],
            rulesRemoved: change?.rulesRemoved ?? [],
            changedBy: change?.changedBy ?? [],
            eventsBetween: change?.eventsBetween ?? [],
            reasons: row.result.reasons.map((r) => r.text),
            /** what the recorded authorisations valid on the date say (they do not change the verdict) */
            authorisations: row.result.flags.filter(isAuthorisationFlag).map((x) => ({ kind: x.kind, id: x.id, text: x.text })),
          }
        })
        // the parties were screened on every date against today's snapshots: a stale one is said, as check says it
        const listWarnings = cliListWarnings(snapshots, f.maxListAge)
        if (f.json) {
          process.stdout.write(`${JSON.stringify({ regime, rulesVersion: rules.version, isAuthorisationsConsulted: authorisations !== undefined, dates: changes, listWarnings }, null, 2)}\n`)
          return
        }
        for (const c of changes) {
          process.stdout.write(`${c.date}  ${c.verdict}${c.reviewPolicy ? ` (${c.reviewPolicy})` : ''}${c.licenseExceptions.length ? ` [${c.licenseExceptions.join(', ')}]` : ''}  item ${c.eccn ?? 'outside 3A090/4A090'}${c.changed ? '   <- changed' : ''}\n`)
          if (c.changed) {
            for (const x of c.changedBy) process.stdout.write(`    changed by ${x.ruleId}, effective ${x.effective} (${x.cfr}; ${x.citation})\n`)
            for (const e of c.eventsBetween) process.stdout.write(`    event ${e.date}: ${e.summary}\n`)
            for (const r of c.rulesRemoved) process.stdout.write(`    no longer applies: ${r}\n`)
          }
          for (const r of c.reasons) process.stdout.write(`      ${r}\n`)
          for (const x of c.authorisations) process.stdout.write(`      [${x.kind}] ${x.text}\n`)
        }
        for (const w of listWarnings) process.stdout.write(`${listWarningLine(w)}\n`)
      }),
    )

  program
    .command('timeline')
    .description('The dated changes the rules data knows, with their sources')
    .option('--from <YYYY-MM-DD>', 'from this date')
    .option('--to <YYYY-MM-DD>', 'to this date')
    .option('--json', 'print JSON')
    .action(
      action(async (f: { from?: string; to?: string; json?: boolean }) => {
        const from = f.from === undefined ? undefined : parseDateOption(f.from, '--from')
        const to = f.to === undefined ? undefined : parseDateOption(f.to, '--to')
        const rules = await cliRules()
        const events = timelineEvents(rules, { from, to })
        const rows = events.map((e) => {
          const s = rules.sources.get(e.source)
          return { ...e, citation: s?.citation ?? e.source, url: s?.url ?? null, unverified: s?.unverified ?? false }
        })
        if (f.json) process.stdout.write(`${JSON.stringify({ rulesVersion: rules.version, events: rows }, null, 2)}\n`)
        else for (const e of rows) process.stdout.write(`${e.date}  ${e.summary}\n            ${e.citation}${e.unverified ? ' (unverified)' : ''}; rules: ${e.rules.join(', ')}\n`)
      }),
    )
}

export function registerRedFlags(program: Command): void {
  program
    .command('red-flags')
    .description('The red-flag questions in force on a date; answer them in a transaction\'s "answers" by id')
    .option('--date <YYYY-MM-DD>', 'the date (default today)')
    .option('--json', 'print JSON')
    .action(
      action(async (f: { date?: string; json?: boolean }) => {
        const asOf = parseDateOption(f.date)
        const rules = await cliRules()
        const rows = redFlagsInForce(rules, asOf).map((x) => ({ set: x.set, id: x.id, question: x.question, raisedWhen: x.raisedWhen, cfr: x.cfr ?? x.citation?.cfr ?? '', unverified: x.citation?.unverified ?? false }))
        if (f.json) process.stdout.write(`${JSON.stringify({ date: asOf, rulesVersion: rules.version, redFlags: rows }, null, 2)}\n`)
        else for (const r of rows) process.stdout.write(`${r.id}  (raised when "${r.raisedWhen}")\n    ${r.question}\n    ${r.cfr}${r.unverified ? ' (unverified wording)' : ''}\n`)
      }),
    )
}

export function registerCertifications(program: Command): void {
  program
    .command('certifications')
    .description('The statements an exporter may certify under the policies in force on a date; give them by id with check --certify or in a transaction\'s "certifications"')
    .option('--date <YYYY-MM-DD>', 'the date (default today)')
    .option('--json', 'print JSON')
    .option('--quiet', 'errors only on standard error; the answer on standard output is unchanged')
    .action(
      action(async (f: { date?: string; json?: boolean }) => {
        const asOf = parseDateOption(f.date)
        const rules = await cliRules()
        const rows = certificationsInForce(rules, asOf)
        if (f.json) process.stdout.write(`${JSON.stringify({ date: asOf, rulesVersion: rules.version, certifications: rows }, null, 2)}\n`)
        else if (rows.length === 0) process.stdout.write(`No policy in force on ${asOf} asks for a certification.\n`)
        else {
          for (const c of rows) process.stdout.write(`${c.id}  (${c.set})\n    ${c.text}\n    ${c.citation.cfr}; ${c.citation.source.citation}${c.citation.unverified ? ' (unverified)' : ''}\n${c.citation.unverified && c.note ? `    unverified: ${c.note}\n` : ''}`)
          process.stdout.write(`rulesVersion ${rules.version}\n`)
        }
      }),
    )
}
