/**
 * Licences and transactions from the command line, as the API records them: `chipnav licenses add|list|show|ship`
 * records a licence and depletes it by shipments; `chipnav transactions list|show|approve|recheck` reads the recorded
 * determinations (the approval queue with `--pending`), records an approver's decision, and re-checks a transaction
 * once its parties' screening hits are reviewed (records/transaction-hits.ts). Each command calls one store
 * function, which validates the input and refuses what the API refuses, with the same error codes; bad input exits 2
 * naming the flag or field. Transactions are recorded by the API and the web UI (`POST /v1/transactions`), where the
 * server's lists screen their parties.
 */
import type { Command } from 'commander'
import { allPages } from '../../records/all-pages.js'
import { APPROVAL_STATUSES, type ApprovalStatus, type License, type Shipment, type StoredTransactionWithApproval, type TransactionSummaryWithApproval } from '../../records/transaction-records.js'
import type { TransactionHold } from '../../records/monitoring-records.js'
import { parseQuantityOption } from '../../shared/quantity.js'
import { AppError, isAppError } from '../../shared/errors.js'
import { action, usageError } from '../run-command.js'
import { cliScreener, readJsonInput } from './check.js'
import { determine } from '../../determination/determine.js'
import { TransactionSchema } from '../../determination/transaction-schema.js'
import type { Regime } from '../../determination/types.js'
import { hitReviewsOf } from '../../records/party-hit-reviews.js'
import { pendingHitsOf, recheckTransaction } from '../../records/transaction-hits.js'
import { cliJurisdictions, cliRules, parseDateOption } from '../context.js'
import { cliActor, withCliStore } from './store-config.js'

type Out = { json?: boolean; quiet?: boolean }

const print = (text: string) => process.stdout.write(`${text}\n`)
const object = (input: unknown): Record<string, unknown> => (input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {})

/** A limit and its use: "40 of 100" (no limit: "40, no limit"). */
const used = (n: number, limit: number | null, unit = '') => (limit === null ? `${n.toLocaleString('en-US')}${unit}, no limit` : `${n.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')}${unit}`)

export function formatLicense(l: License, shipments: readonly Shipment[] = []): string {
  const L = [
    `${l.id}  licence ${l.number}, valid ${l.validFrom} to ${l.validTo}`,
    `  destinations ${l.destinations.join(', ')}${l.eccns.length ? `; ECCNs ${l.eccns.join(', ')}` : ''}${l.items.length ? `; items ${l.items.join(', ')}` : ''}`,
    ...(l.parties.length ? [`  parties ${l.parties.join('; ')}`] : []),
    `  used: quantity ${used(l.usedQuantity, l.authorizedQuantity)}; value ${used(l.usedValue, l.authorizedValue, ' USD')}; TPP ${used(l.usedTpp, l.authorizedTpp)}`,
    ...l.conditions.map((c) => `  condition: ${c}`),
  ]
  for (const s of shipments) L.push(`  shipment ${s.id} on ${s.shippedOn}: ${s.quantity} to ${s.destination}${s.consignee ? ` (${s.consignee})` : ''}${s.transactionId ? `, transaction ${s.transactionId}` : ''}${s.override ? `, override by ${s.override.by}: ${s.override.reason}` : ''}`)
  return L.join('\n')
}

const summaryLine = (t: TransactionSummaryWithApproval) =>
  `${t.id}  ${t.asOf}  ${t.verdict.padEnd(17)}  ${t.approvalStatus.padEnd(12)}  ${t.quantity ?? '?'} × ${t.item ?? '?'} to ${t.destination ?? '?'}${t.endUser ? ` for ${t.endUser}` : ''}${t.reference ? `  [${t.reference}]` : ''}`

export function formatTransaction(t: StoredTransactionWithApproval, activeHolds: readonly Pick<TransactionHold, 'reason' | 'placedAt'>[]): string {
  const L = [
    `${t.id}  recorded ${t.recordedAt} by ${t.recordedBy}${t.reference ? `, reference ${t.reference}` : ''}`,
    `  as of ${t.asOf} (${t.regime}): ${t.verdict}; approval ${t.approvalStatus}`,
  ]
  if (t.approval) L.push(`  ${t.approval.decision} by ${t.approval.decidedBy} at ${t.approval.decidedAt}${t.approval.licenseNumber ? ` under licence ${t.approval.licenseNumber}` : ''}: ${t.approval.reason}`)
  if (t.supersededBy !== null) L.push(`  SUPERSEDED by ${t.supersededBy} (a re-check): decided on and shipped under no more; see chipnav transactions show ${t.supersededBy}`)
  if (activeHolds.length > 0) {
    L.push(`  ON HOLD: ${activeHolds.length} active hold(s); nothing ships under it until released (chipnav holds)`)
    for (const h of activeHolds) L.push(`    since ${h.placedAt}: ${h.reason}`)
  }
  if (t.result.recheckOf) L.push(`  re-check of ${t.result.recheckOf.transactionId} (${t.result.recheckOf.verdict}, recorded ${t.result.recheckOf.recordedAt}) with the screening hits reviewed since`)
  for (const r of t.result.reasons ?? []) L.push(`  - ${r.text}`)
  const pending = pendingHitsOf(t.result)
  if (pending.length > 0) {
    L.push(`  screening hits not reviewed (${pending.length}): no decision until they are reviewed (chipnav screening hits) and the transaction re-checked (chipnav transactions recheck ${t.id})`)
    for (const h of pending) L.push(`    ${h.kind === 'licence-relevant' ? 'licence-relevant' : 'red flag'}: ${h.matchedVia ? `${h.matchedVia.name} (owner of ${h.name}, ${h.role})` : `${h.name} (${h.role})`} ~ ${h.list.toUpperCase()} "${h.primaryName}" (${h.entryId}), score ${h.score.toFixed(2)}`)
  }
  L.push(`rulesVersion ${t.rulesVersion}${t.listSnapshots.length ? `; lists ${t.listSnapshots.map((x) => `${x.source} ${x.sha256.slice(0, 12)}`).join(', ')}` : ''}`)
  return L.join('\n')
}

function registerLicenses(program: Command): void {
  const lic = program.command('licenses').description('Licences as BIS issued them, and the shipments that deplete them')

  lic
    .command('add')
    .description('Record a licence from a JSON file: { number, destinations, eccns, items, parties, authorizedQuantity, authorizedValue, authorizedTpp, validFrom, validTo, conditions }')
    .requiredOption('--file <license.json>', 'the licence as JSON ("-" reads standard input)')
    .option('--json', 'print the licence as JSON')
    .option('--quiet', 'print only its id')
    .action(
      action(async (f: Out & { file: string }) => {
        const input = object(readJsonInput(f.file, '--file'))
        const l = await withCliStore((s) => s.createLicense({ ...input, actor: cliActor() } as Parameters<typeof s.createLicense>[0]))
        print(f.json ? JSON.stringify(l, null, 2) : f.quiet ? l.id : `recorded licence ${l.number} as ${l.id}: ${l.destinations.join(', ')}, valid ${l.validFrom} to ${l.validTo}; see chipnav licenses show ${l.id}`)
      }),
    )

  lic
    .command('list')
    .description('List the recorded licences with what is used of each, oldest first')
    .option('--json', 'print JSON')
    .option('--quiet', 'print only the ids')
    .action(
      action(async (f: Out) => {
        const all = await withCliStore((s) => allPages((o) => s.listLicenses(o)), { toRead: true })
        if (f.json) print(JSON.stringify({ licenses: all }, null, 2))
        else for (const l of all) print(f.quiet ? l.id : `${l.id}  ${l.number.padEnd(12)}  ${l.destinations.join(',').padEnd(8)}  ${l.validFrom}..${l.validTo}  quantity ${used(l.usedQuantity, l.authorizedQuantity)}`)
      }),
    )

  lic
    .command('show <id>')
    .description('A licence, what is used of it and its shipments')
    .option('--json', 'print JSON')
    .option('--quiet', 'print only the quantity left (or "unlimited")')
    .action(
      action(async (id: string, f: Out) => {
        const { license, shipments } = await withCliStore(async (s) => ({ license: await s.getLicense(id), shipments: await allPages((o) => s.listShipments({ ...o, licenseId: id })) }), { toRead: true })
        if (f.json) print(JSON.stringify({ license, shipments }, null, 2))
        else if (f.quiet) print(license.authorizedQuantity === null ? 'unlimited' : String(license.authorizedQuantity - license.usedQuantity))
        else print(formatLicense(license, shipments))
      }),
    )

  lic
    .command('ship <id>')
    .description('Record a shipment against a licence (depletes it atomically; refused when the licence is not valid, would be overdrawn, or the transaction is not approved)')
    .requiredOption('--quantity <n>', 'chips (units) shipped')
    .requiredOption('--on <YYYY-MM-DD>', 'when they were shipped')
    .requiredOption('--to <CC>', 'destination, ISO 3166-1 alpha-2')
    .option('--transaction <id>', 'the recorded, approved transaction the shipment carries out')
    .option('--value <usd>', 'the value in USD (required when the licence limits value; otherwise default 0)')
    .option('--tpp <n>', "the shipment's total TPP (default: quantity × the transaction's TPP per unit)")
    .option('--consignee <name>', 'who receives it')
    .option('--override <reason>', "an approver's reason to ship without (or beyond) an approved transaction")
    .option('--json', 'print the shipment and the licence as JSON')
    .option('--quiet', 'print only the shipment id')
    .action(
      action(async (id: string, f: Out & { quantity: string; on: string; to: string; transaction?: string; value?: string; tpp?: string; consignee?: string; override?: string }) => {
        const number = (v: string | undefined, flag: string) => {
          if (v === undefined) return undefined
          const n = Number(v)
          if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw usageError(`${flag} "${v}" is not a number of at least 0`, { issues: [{ path: flag, message: 'expected a number >= 0' }] })
          return n
        }
        const value = number(f.value, '--value')
        const tpp = number(f.tpp, '--tpp')
        const input = {
          licenseId: id,
          quantity: parseQuantityOption(f.quantity, '--quantity'),
          shippedOn: parseDateOption(f.on, '--on'),
          destination: f.to,
          ...(value !== undefined ? { value } : {}),
          ...(tpp !== undefined ? { tpp } : {}),
          ...(f.transaction !== undefined ? { transactionId: f.transaction } : {}),
          ...(f.consignee !== undefined ? { consignee: f.consignee } : {}),
          ...(f.override !== undefined ? { override: { reason: f.override } } : {}),
          actor: cliActor(),
        }
        // the store names its fields (value, tpp…): the user typed the flags
        const r = await withCliStore((s) => s.recordShipment(input)).catch((e: unknown) => {
          throw withFlagNames(e, SHIPMENT_FLAGS)
        })
        print(f.json ? JSON.stringify(r, null, 2) : f.quiet ? r.shipment.id : `recorded shipment ${r.shipment.id}: ${r.shipment.quantity} to ${r.shipment.destination} on ${r.shipment.shippedOn}; licence ${r.license.number} quantity ${used(r.license.usedQuantity, r.license.authorizedQuantity)}`)
      }),
    )
}

/** The store's shipment fields and the `licenses ship` flags that give them. */
const SHIPMENT_FLAGS: Record<string, string> = { value: '--value', tpp: '--tpp', quantity: '--quantity', shippedOn: '--on', destination: '--to', transactionId: '--transaction', consignee: '--consignee', 'override.reason': '--override' }

/** An AppError whose issue paths are the flags that give those fields (other errors as they are). */
function withFlagNames(e: unknown, flags: Record<string, string>): unknown {
  if (!isAppError(e) || !e.details.issues) return e
  return new AppError(e.code, { ...e.details, issues: e.details.issues.map((i) => ({ ...i, path: flags[i.path] ?? i.path })) })
}

function registerTransactions(program: Command): void {
  const tx = program.command('transactions').description('Recorded transactions (determinations) and their approval: the approval queue, a decision')

  tx
    .command('list')
    .description('List the recorded transactions, oldest first, with their verdict and approval state')
    .option('--status <status>', `only this approval status: ${APPROVAL_STATUSES.join(', ')}`)
    .option('--pending', 'the approval queue (same as --status pending)')
    .option('--json', 'print JSON')
    .option('--quiet', 'print only the ids')
    .action(
      action(async (f: Out & { status?: string; pending?: boolean }) => {
        const status = f.pending ? 'pending' : f.status
        if (status !== undefined && !(APPROVAL_STATUSES as readonly string[]).includes(status)) throw usageError(`--status "${status}" is not an approval status`, { issues: [{ path: '--status', message: `expected one of ${APPROVAL_STATUSES.join(', ')}` }] })
        const all = await withCliStore((s) => allPages((o) => s.listTransactions({ ...o, ...(status ? { approvalStatus: status as ApprovalStatus } : {}) })), { toRead: true })
        if (f.json) print(JSON.stringify({ transactions: all }, null, 2))
        else for (const t of all) print(f.quiet ? t.id : summaryLine(t))
      }),
    )

  tx
    .command('show <id>')
    .description('A recorded transaction: its verdict, reasons, approval and holds')
    .option('--json', 'print the stored transaction and its result as JSON')
    .option('--quiet', 'print only its approval status')
    .action(
      action(async (id: string, f: Out) => {
        const { t, holds } = await withCliStore(async (s) => ({ t: await s.getTransaction(id), holds: await s.listHolds({ transactionId: id, isActive: true }) }), { toRead: true })
        if (f.json) print(JSON.stringify({ ...t, activeHolds: holds.length }, null, 2))
        else if (f.quiet) print(t.approvalStatus)
        else print(formatTransaction(t, holds))
      }),
    )

  tx
    .command('approve <id>')
    .description('Record the decision on a transaction that needs a licence or uses a licence exception (final)')
    .requiredOption('--reason <text>', 'why: the licence and its conditions, the checks made, or why it is refused')
    .option('--license <id>', 'the recorded licence it ships under (required to approve LICENSE_REQUIRED)')
    .option('--reject', 'reject the transaction instead of approving it')
    .option('--json', 'print the decision as JSON')
    .option('--quiet', 'print only the decision')
    .action(
      action(async (id: string, f: Out & { reason: string; license?: string; reject?: boolean }) => {
        const input = { transactionId: id, decision: f.reject ? ('rejected' as const) : ('approved' as const), reason: f.reason, ...(f.license !== undefined ? { licenseId: f.license } : {}), actor: cliActor() }
        const a = await withCliStore((s) => s.approveTransaction(input))
        print(f.json ? JSON.stringify(a, null, 2) : f.quiet ? a.decision : `${a.decision} ${id} (${a.verdict})${a.licenseNumber ? ` under licence ${a.licenseNumber}` : ''}: ${a.reason}`)
      }),
    )
  registerRecheck(tx)
}

function registerRecheck(tx: Command): void {
  tx
    .command('recheck <id>')
    .description("Re-check a transaction once its parties' screening hits are reviewed: determined again on its date with the reviews as they are now, recorded as a new transaction linked to it")
    .option('--json', 'print the new determination as JSON')
    .option('--quiet', 'print only the new transaction id')
    .action(
      action(async (id: string, f: Out) => {
        const rules = await cliRules()
        const screener = await cliScreener()
        const r = await withCliStore((s) =>
          recheckTransaction(s, {
            transactionId: id,
            actor: cliActor(),
            determineWith: async (transaction, regime, partyIds) => {
              const t = TransactionSchema.parse(transaction)
              const hitReviews = await hitReviewsOf(s, partyIds)
              return determine(t, { rules, regime: regime as Regime, jurisdictions: cliJurisdictions(), authorisations: await s.authorisationsInForce(t.date), ...(hitReviews.length ? { hitReviews } : {}), ...(screener ? { screener } : {}) })
            },
          }),
        )
        if (f.json) print(JSON.stringify({ id: r.id, recordedAt: r.recordedAt, ...JSON.parse(r.resultJson) }, null, 2))
        else print(f.quiet ? r.id : `${r.id} ${r.verdict} (re-check of ${id}, which was ${r.recheckOf.verdict})`)
      }),
    )
}

export function registerRecords(program: Command): void {
  registerLicenses(program)
  registerTransactions(program)
}
