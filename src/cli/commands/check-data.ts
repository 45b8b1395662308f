import type { Command } from 'commander'
import { loadRules } from '../../rules/load-rules.js'
import { action } from '../run-command.js'

export function registerCheckData(program: Command): void {
  program
    .command('check-data')
    .description('Load and check every file in data/ strictly; print the rules version')
    .option('--json', 'print JSON')
    .action(
      action((flags: { json?: boolean }) => {
        // strictly: every file parsed and checked, never the compiled build's saved copy
        const rules = loadRules({ ...(process.env.CHIPNAV_DATA_DIR ? { dataDir: process.env.CHIPNAV_DATA_DIR } : {}), useCache: false })
        const summary = {
          ok: true,
          rulesVersion: rules.version,
          sources: rules.sources.size,
          parameters: rules.parameters.size,
          catalogue: rules.catalogue.size,
          events: rules.events.length,
          unverifiedSources: [...rules.sources.values()].filter((s) => s.unverified).map((s) => s.id),
        }
        if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
        else {
          process.stdout.write(`data/ is valid: ${summary.sources} sources, ${summary.parameters} dated parameters, ${summary.catalogue} catalogue entries, ${summary.events} events\n`)
          if (summary.unverifiedSources.length) process.stdout.write(`unverified sources: ${summary.unverifiedSources.join(', ')}\n`)
          process.stdout.write(`rulesVersion ${summary.rulesVersion}\n`)
        }
      }),
    )
}
