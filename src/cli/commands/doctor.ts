/** `chipnav doctor`: what this installation uses (home and why, database, list snapshots and their ages, rules, Node) and what is wrong. */
import { accessSync, constants, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { RULES_CACHE_FILE } from '../../rules/rules-cache.js'
import { rulesCurrency } from '../../rules/rules-currency.js'
import { AGE_NOT_JUDGED, describeListAge, listAges } from '../../screening/snapshots/freshness.js'
import { readActiveSnapshotMetas } from '../../screening/snapshots/load-active-snapshots.js'
import { SQLITE_FILE_NAME } from '../../store/store-files.js'
import { cliJurisdictions, cliRules } from '../context.js'
import { cliMaxListAge, MAX_LIST_AGE_HELP } from '../list-age.js'
import { cliHome } from '../home.js'
import { action } from '../run-command.js'
import { enUsNumber } from '../../shared/format-number.js'

/** `judged: false`: a list age with no limit to judge it by (neither ok nor a problem) */
type Check = { ok: boolean; judged?: false; what: string; detail: string }

const isWritable = (path: string) => {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Show which home (and why), database, list snapshots (with ages), rules version and Node.js this installation uses, and what is wrong')
    .option('--json', 'print JSON')
    .option('--max-list-age <days>', MAX_LIST_AGE_HELP)
    .action(
      action(async (f: { json?: boolean; maxListAge?: string }) => {
        const checks: Check[] = []
        const home = cliHome()
        const homeExists = existsSync(home.path)
        checks.push({
          ok: !homeExists || isWritable(home.path),
          what: 'home',
          detail: `${home.path} — ${home.why}${!homeExists ? '; does not exist yet (the first import or key creates it)' : isWritable(home.path) ? '' : '; not writable: fix its permissions or set CHIPNAV_HOME'}`,
        })
        const url = process.env.CHIPNAV_DATABASE_URL?.trim()
        const sqlite = join(home.path, SQLITE_FILE_NAME)
        checks.push({ ok: true, what: 'database', detail: url ? `PostgreSQL (CHIPNAV_DATABASE_URL, ${url.replace(/\/\/[^@]*@/, '//…@')})` : `SQLite ${sqlite}${existsSync(sqlite) ? '' : ' — not created yet (chipnav keys create, chipnav users create or chipnav serve creates it)'}` })
        try {
          const rules = await cliRules()
          const from = process.env.CHIPNAV_DATA_DIR ? `CHIPNAV_DATA_DIR ${rules.dataDir}` : rules.dataDir
          checks.push({ ok: true, what: 'rules', detail: `rulesVersion ${rules.version} (${rules.parameters.size} dated parameters, ${rules.sources.size} sources, from ${from}${existsSync(RULES_CACHE_FILE) ? '; compiled build' : ''}); current through ${rulesCurrency(rules).reviewedThrough} (the oldest parameter review)` })
        } catch (e) {
          checks.push({ ok: false, what: 'rules', detail: `data/ does not load: ${(e as Error).message}` })
        }
        const metas = await readActiveSnapshotMetas(home.path)
        if (metas.length === 0) checks.push({ ok: false, what: 'lists', detail: `no list snapshot in ${home.path}: run \`chipnav lists update\` or \`chipnav lists import <files>\`` })
        const ages = listAges(metas, new Date(), cliMaxListAge(f.maxListAge))
        metas.forEach((m, i) => {
          const a = ages[i]!
          const limit = a.maxAgeDays === undefined ? AGE_NOT_JUDGED : `limit ${a.maxAgeDays} days`
          // a list without a limit is not a problem to fix, nor is it "ok": its age is not judged
          checks.push({
            ok: !a.isStale,
            ...(a.maxAgeDays === undefined ? { judged: false } : {}),
            what: `list ${m.source}`,
            detail: `${enUsNumber(m.totalRows)} rows, ${describeListAge(a)}, ${limit}${a.isStale ? ': run `chipnav lists update`' : ''}`,
          })
        })
        try {
          checks.push({ ok: true, what: 'jurisdictions', detail: cliJurisdictions().join(', ') })
        } catch (e) {
          checks.push({ ok: false, what: 'jurisdictions', detail: (e as Error).message })
        }
        const major = Number(process.versions.node.split('.')[0])
        checks.push({ ok: major >= 20, what: 'node', detail: `Node.js ${process.versions.node}${major >= 20 ? '' : ' — chipnav needs Node.js 20 or later'}` })
        const problems = checks.filter((c) => !c.ok).length
        if (f.json) process.stdout.write(`${JSON.stringify({ ok: problems === 0, home: { path: home.path, reason: home.reason, why: home.why }, checks }, null, 2)}\n`)
        else {
          for (const c of checks) process.stdout.write(`${!c.ok ? 'FIX ' : c.judged === false ? '--  ' : 'ok  '} ${c.what.padEnd(14)} ${c.detail}\n`)
          process.stdout.write(problems === 0 ? 'nothing to fix\n' : `${problems} thing${problems === 1 ? '' : 's'} to fix\n`)
        }
        if (problems > 0) process.exitCode = 1
      }),
    )
}
