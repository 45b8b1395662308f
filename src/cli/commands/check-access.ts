/** `chipnav check-access --file access.json`: remote access to compute, or a release of technology, to a person or tenant. */
import type { Command } from 'commander'
import { checkAccess, type AccessCheckResult } from '../../access/check-access.js'
import { cliAuthorisationsInForce } from './cli-authorisations.js'
import { POLICY_WORDS } from '../../determination/requirement-context.js'
import { cliRules, parseDateOption } from '../context.js'
import { pendingReviewLine } from '../format-determination.js'
import { cliListWarnings, cliMaxListAge, MAX_LIST_AGE_HELP, listWarningLine } from '../list-age.js'
import { action } from '../run-command.js'
import { cliScreener, parseRegime, readJsonInput, refuseOtherKind } from './check.js'

export function formatAccessCheck(r: AccessCheckResult): string {
  const L: string[] = []
  L.push(`${r.verdict}${r.reviewPolicy ? ` — reviewed ${POLICY_WORDS[r.reviewPolicy]}` : ''}   (${r.isExport ? `a release in ${r.releasedIn}${r.attributedTo.length ? ` attributed to ${r.attributedTo.join(', ')}` : ''}` : 'remote use of compute: not an export'}, ${r.date}, ${r.regime})`)
  L.push(`${r.isExport ? 'Released' : 'Used'}: ${r.subject}`)
  if (r.pendingReview) L.push(pendingReviewLine(r.verdict, r.pendingReview))
  L.push('Reasons:')
  r.reasons.forEach((x, i) => {
    L.push(`  ${i + 1}. ${x.text}`)
    for (const c of x.citations) L.push(`     [${c.cfr}; ${c.source.citation}${c.effective && !c.effectiveUnknown ? `, effective ${c.effective}` : ''}${c.unverified ? '; UNVERIFIED' : ''}]`)
  })
  const flags = r.flags.filter((f) => !r.reasons.some((x) => x.text === f.text))
  if (flags.length) {
    L.push('Flags:')
    for (const f of flags) L.push(`  - [${f.kind}] ${f.text}${f.citations?.length ? ` [${f.citations.map((c) => c.source.citation).join('; ')}]` : ''}`)
  }
  L.push('Screened:')
  for (const s of r.screened) L.push(`  ${s.role}: ${s.name} — ${s.screening ? (s.screening.hits.length ? s.screening.hits.map((h) => `${h.list.toUpperCase()} "${h.primaryName}" (${h.entryId}, ${h.score.toFixed(2)})`).join('; ') : 'no hit') : 'not screened'}`)
  if (r.otherRegime && r.otherRegime.verdict !== r.verdict) L.push(`Under the other regime (${r.otherRegime.regime}): ${r.otherRegime.verdict}`)
  L.push(`rulesVersion ${r.rulesVersion}${r.listSnapshots.length ? `; lists ${r.listSnapshots.map((s) => `${s.source} ${s.sha256.slice(0, 12)}`).join(', ')}` : ''}`)
  return L.join('\n')
}

export function registerCheckAccess(program: Command): void {
  program
    .command('check-access')
    .description('Check remote access to compute, or a release of technology, software or model weights, to a person or tenant (deemed exports included)')
    .requiredOption('--file <access.json>', 'the access check as JSON ("-" reads standard input): { date, who, what, where, purpose }')
    .option('--date <YYYY-MM-DD>', 'override the date in the file')
    .option('--access-from <CC>', 'where the person or tenant accesses from (sets where.accessFrom): a release is received there, so it is an export to that country, not a deemed export')
    .option('--regime <regime>', 'as-enforced (default) or as-published')
    .option('--max-list-age <days>', MAX_LIST_AGE_HELP)
    .option('--json', 'print the full result as JSON')
    .action(
      action(async (f: { file: string; date?: string; accessFrom?: string; regime?: string; maxListAge?: string; json?: boolean }) => {
        cliMaxListAge(f.maxListAge) // a bad setting fails before anything loads
        const input = readJsonInput(f.file, '--file')
        refuseOtherKind(input, 'access check', '--file')
        if (f.date && input && typeof input === 'object') (input as Record<string, unknown>).date = parseDateOption(f.date)
        // checked with the rest of the check (INVALID_COUNTRY naming where.accessFrom, exit 2)
        if (f.accessFrom !== undefined && input && typeof input === 'object') {
          const where = (input as Record<string, unknown>).where
          ;(input as Record<string, unknown>).where = { ...(where && typeof where === 'object' ? where : {}), accessFrom: f.accessFrom }
        }
        // the recorded authorisations (VEU), read from the store as the API does: one that covers the access is said
        const authorisations = await cliAuthorisationsInForce(input && typeof input === 'object' ? (input as Record<string, unknown>).date : undefined)
        const screener = await cliScreener()
        const result = checkAccess(input, { rules: await cliRules(), regime: parseRegime(f.regime), ...(screener ? { screener } : {}), ...(authorisations ? { authorisations } : {}) })
        // the person or tenant was screened: a list older than its limit is said, as check says it
        const listWarnings = screener ? cliListWarnings(screener.snapshots, f.maxListAge) : []
        const warningLines = listWarnings.map((w) => `${listWarningLine(w)}\n`).join('')
        process.stdout.write(f.json ? `${JSON.stringify({ ...result, listWarnings }, null, 2)}\n` : `${formatAccessCheck(result)}\n${warningLines}`)
      }),
    )
}
