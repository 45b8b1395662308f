/** `chipnav doctor`: what this installation uses (home, database, list snapshots and their ages, rules, Node) and what is wrong. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { readActiveSnapshotMetas } from '../../screening/snapshots/load-active-snapshots.js'
import { SQLITE_FILE_NAME } from '../../store/open-store.js'
import { cliJurisdictions, cliRules } from '../context.js'
import { action } from '../run-command.js'
import { resolveHome } from './screening-io.js'

type Check = { ok: boolean; what: string; detail: string }

const DAY_MS = 86_400_000

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Show which home, database, list snapshots (with ages), rules version and Node.js this installation uses, and what is wrong')
    .option('--json', 'print JSON')
    .option('--max-list-age <days>', 'a list older than this many days is reported (default 14)', '14')
    .action(
      action(async (f: { json?: boolean; maxListAge: string }) => {
        const checks: Check[] = []
        const home = resolveHome()
        checks.push({ ok: true, what: 'home', detail: `${home}${process.env.CHIPNAV_HOME ? ' (CHIPNAV_HOME)' : ' (default ./.chipnav)'}${existsSync(home) ? '' : ' — does not exist yet'}` })
        const url = process.env.CHIPNAV_DATABASE_URL?.trim()
        checks.push({ ok: true, what: 'database', detail: url ? `PostgreSQL (CHIPNAV_DATABASE_URL, ${url.replace(/\/\/[^@]*@/, '//…@')})` : `SQLite ${join(home, SQLITE_FILE_NAME)}${existsSync(join(home, SQLITE_FILE_NAME)) ? '' : ' — not created yet (chipnav keys create or npm start creates it)'}` })
        try {
          const rules = cliRules()
          checks.push({ ok: true, what: 'rules', detail: `rulesVersion ${rules.version} (${rules.parameters.size} dated parameters, ${rules.sources.size} sources)` })
        } catch (e) {
          checks.push({ ok: false, what: 'rules', detail: `data/ does not load: ${(e as Error).message}` })
        }
        const maxAge = Number(f.maxListAge)
        const metas = await readActiveSnapshotMetas(home)
        if (metas.length === 0) checks.push({ ok: false, what: 'lists', detail: 'no list snapshot: run `chipnav lists update` or `chipnav lists import <files>`' })
        for (const m of metas) {
          const dated = m.listDate ?? m.importedAt.slice(0, 10)
          const age = Math.floor((Date.now() - Date.parse(`${dated}T00:00:00Z`)) / DAY_MS)
          checks.push({ ok: !(Number.isFinite(maxAge) && age > maxAge), what: `list ${m.source}`, detail: `${m.totalRows.toLocaleString('en-US')} rows, ${m.listDate ? `list date ${m.listDate}` : `imported ${m.importedAt}`} (${age} days old)${age > maxAge ? ` — older than ${maxAge} days: run \`chipnav lists update\`` : ''}` })
        }
        try {
          checks.push({ ok: true, what: 'jurisdictions', detail: cliJurisdictions().join(', ') })
        } catch (e) {
          checks.push({ ok: false, what: 'jurisdictions', detail: (e as Error).message })
        }
        const major = Number(process.versions.node.split('.')[0])
        checks.push({ ok: major >= 20, what: 'node', detail: `Node.js ${process.versions.node}${major >= 20 ? '' : ' — chipnav needs Node.js 20 or later'}` })
        const problems = checks.filter((c) => !c.ok).length
        if (f.json) process.stdout.write(`${JSON.stringify({ ok: problems === 0, checks }, null, 2)}\n`)
        else {
          for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FIX '} ${c.what.padEnd(14)} ${c.detail}\n`)
          process.stdout.write(problems === 0 ? 'nothing to fix\n' : `${problems} thing${problems === 1 ? '' : 's'} to fix\n`)
        }
        if (problems > 0) process.exitCode = 1
      }),
    )
}
