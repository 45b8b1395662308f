/** `chipnav mcp`: serve chipnav's read-only tools over the Model Context Protocol on standard input/output. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import type { Command } from 'commander'
import { buildMcpServer } from '../../mcp/mcp-server.js'
import { cliJurisdictions, cliRules } from '../context.js'
import { action } from '../run-command.js'
import { CHIPNAV_VERSION } from '../../shared/version.js'
import { resolveHome } from '../home.js'
import { cliMaxListAge } from '../list-age.js'
import { openExistingCliStore } from './cli-authorisations.js'
import { cliLoadScreener } from './cli-screener.js'

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('Serve chipnav to AI assistants over the Model Context Protocol (stdio): classify, chips, screen, match, check, diff, timeline, red_flags, certifications, check_access — read-only, with cited answers')
    .action(
      action(async () => {
        const rules = await cliRules()
        // the records store when there is one, read only: check and check_access consult its recorded authorisations;
        // opened first, so a store this chipnav may not use (STORE_NEEDS_MIGRATION) is said before the lists load
        const store = await openExistingCliStore()
        const screener = await cliLoadScreener(resolveHome(), { isLongRunning: true })
        const server = buildMcpServer({ rules, screener, clock: () => new Date(), version: CHIPNAV_VERSION, jurisdictions: cliJurisdictions(), maxListAge: cliMaxListAge(undefined), ...(store ? { authorisationsInForce: (date: string) => store.authorisationsInForce(date) } : {}) })
        await server.connect(new StdioServerTransport())
        // stdout belongs to the protocol; say where we are on stderr
        process.stderr.write(`chipnav MCP server on stdio (rules ${rules.version.slice(0, 12)}, ${screener.entryCount} list entries)\n`)
      }),
    )
}
