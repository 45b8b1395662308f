import type { Command } from 'commander'
import { classifyCatalogueItem } from '../../classification/classify-item.js'
import { cliRules, parseDateOption } from '../context.js'
import { formatEccn } from '../format-classification.js'
import { action } from '../run-command.js'
import { enUsNumber } from '../../shared/format-number.js'

export function registerChips(program: Command): void {
  program
    .command('chips')
    .description('List the chip and system catalogue with TPP, performance density and the ECCN on a date')
    .option('--date <YYYY-MM-DD>', 'the date the ECCN is for (default: today)')
    .option('--json', 'print JSON')
    .action(
      action(async (flags: { date?: string; json?: boolean }) => {
        const asOf = parseDateOption(flags.date)
        const rules = await cliRules()
        const rows = [...rules.catalogue.keys()].sort().map((id) => {
          const r = classifyCatalogueItem(id, { rules, asOf })
          return {
            id,
            kind: r.item.kind,
            vendor: r.item.vendor,
            model: r.item.model,
            tpp: r.tpp,
            performanceDensity: r.performanceDensity,
            eccn: r.eccn,
            determined: r.determined,
            possibleEccns: r.possibleEccns.map((p) => p.eccn),
            datacenter: r.datacenter,
          }
        })
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ date: asOf, rulesVersion: rules.version, chips: rows }, null, 2)}\n`)
          return
        }
        const table = [['ID', 'KIND', 'TPP', 'PD', `ECCN on ${asOf}`]]
        for (const r of rows) {
          table.push([
            r.id,
            r.kind,
            r.tpp === null ? '-' : enUsNumber(Math.round(r.tpp)),
            r.performanceDensity === null ? '-' : r.performanceDensity.toFixed(2),
            r.determined ? formatEccn({ eccn: r.eccn, determined: true, paragraph: null, item: { id: r.id, kind: r.kind, vendor: r.vendor, model: r.model } }) : `undetermined (${r.possibleEccns.map((e) => e ?? 'not 3A090').join(' | ')})`,
          ])
        }
        const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)))
        for (const row of table) process.stdout.write(`${row.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()}\n`)
        process.stdout.write(`\n${rows.length} items; rulesVersion ${rules.version.slice(0, 12)}\n`)
      }),
    )
}
