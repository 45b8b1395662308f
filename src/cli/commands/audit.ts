/**
 * `chipnav audit verify [--json] [--incremental] [--anchor FILE]`: re-hash the audit chain and every
 * audited row (or, with --incremental, what changed since the last verified checkpoint); with an anchor,
 * also check that the anchored event is still in the chain unchanged; exit 1 when anything was tampered with.
 * `chipnav audit anchor [--out FILE]`: a signed checkpoint of the chain head to keep elsewhere.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { AppError, ERROR_CATALOGUE } from '../../shared/errors.js'
import { action } from '../run-command.js'
import { openCliStoreToRead } from './store-config.js'

function readAnchor(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new AppError('FILE_NOT_FOUND', { detail: `the anchor file ${file} cannot be read: ${(e as Error).message}` })
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new AppError('AUDIT_ANCHOR_INVALID', { detail: `${file} is not JSON: expected the output of \`chipnav audit anchor\`` })
  }
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit trail')
  audit
    .command('verify')
    .description('Check the hash chain and that every stored record matches its last audited state')
    .option('--json', 'print JSON')
    .option('--incremental', 'check only what was written since the last verified checkpoint')
    .option('--anchor <file>', 'also check an anchor exported by `chipnav audit anchor` (catches a consistent rewrite)')
    .action(
      action(async (flags: { json?: boolean; incremental?: boolean; anchor?: string }) => {
        const anchor = flags.anchor !== undefined ? readAnchor(flags.anchor) : undefined
        const store = await openCliStoreToRead()
        try {
          const v = await store.verifyAudit({ mode: flags.incremental ? 'incremental' : 'full', ...(anchor !== undefined ? { anchor } : {}) })
          if (flags.json) process.stdout.write(`${JSON.stringify(v, null, 2)}\n`)
          else if (v.ok) {
            const from = v.mode === 'incremental' ? ` since event ${v.fromSeq}` : ''
            process.stdout.write(`audit trail OK: ${v.checked} events${from}, ${v.rowsChecked} records checked\nhead: event ${v.head.seq} ${v.head.hash}\n`)
            if (v.anchor) process.stdout.write(`anchor: event ${v.anchor.seq} ${v.anchor.hash} is in the chain unchanged\n`)
          } else {
            process.stdout.write(`audit trail INVALID: ${v.problems.length} problem(s) in ${v.checked} events and ${v.rowsChecked} records\n`)
            for (const p of v.problems) process.stdout.write(`  ${p.kind}: ${p.detail}\n`)
          }
          if (!v.ok) process.exitCode = ERROR_CATALOGUE.AUDIT_CHAIN_INVALID.exit
        } finally {
          await store.close()
        }
      }),
    )
  audit
    .command('anchor')
    .description('Export a signed checkpoint of the chain head (seq, hash, count, time; HMAC-SHA256 under the audit key) to keep elsewhere')
    .option('--out <file>', 'write it to this file (default: standard output)')
    .option('--json', 'accepted for the convention: the anchor is always JSON')
    .action(
      action(async (flags: { out?: string; json?: boolean }) => {
        const store = await openCliStoreToRead()
        try {
          const text = `${JSON.stringify(await store.auditAnchor(), null, 2)}\n`
          if (flags.out !== undefined) writeFileSync(flags.out, text, { mode: 0o600 })
          else process.stdout.write(text)
        } finally {
          await store.close()
        }
      }),
    )
}
