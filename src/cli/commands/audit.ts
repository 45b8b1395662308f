/** `chipnav audit verify [--json]`: re-hash the audit chain and every audited row; exit 1 when anything was tampered with. */
import type { Command } from 'commander'
import { ERROR_CATALOGUE } from '../../shared/errors.js'
import { action } from '../run-command.js'
import { openCliStore } from './store-config.js'

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit trail')
  audit
    .command('verify')
    .description('Check the hash chain and that every stored record matches its last audited state')
    .option('--json', 'print JSON')
    .action(
      action(async (flags: { json?: boolean }) => {
        const store = await openCliStore()
        try {
          const v = await store.verifyAudit()
          if (flags.json) process.stdout.write(`${JSON.stringify(v, null, 2)}\n`)
          else if (v.ok) process.stdout.write(`audit trail OK: ${v.checked} events, ${v.rowsChecked} records checked\nhead: event ${v.head.seq} ${v.head.hash}\n`)
          else {
            process.stdout.write(`audit trail INVALID: ${v.problems.length} problem(s) in ${v.checked} events and ${v.rowsChecked} records\n`)
            for (const p of v.problems) process.stdout.write(`  ${p.kind}: ${p.detail}\n`)
          }
          if (!v.ok) process.exitCode = ERROR_CATALOGUE.AUDIT_CHAIN_INVALID.exit
        } finally {
          await store.close()
        }
      }),
    )
}
