/** `chipnav match "<A>" "<B>"` and `chipnav match --pairs pairs.csv`: score two names with the screening rules. */
import type { Command } from 'commander'
import { scoreNames } from '../../screening/screener.js'
import { action, usageError } from '../run-command.js'
import { parseEntityType, parseThreshold, readCsvTable, toCsv, writeOutput } from './screening-io.js'

type MatchOptions = { json?: boolean; threshold?: string; type?: string; pairs?: string; out?: string }

export function registerMatch(program: Command): void {
  program
    .command('match')
    .description('Score two names against each other (or every row of a CSV with --pairs) and explain the score')
    .argument('[a]', 'the first name')
    .argument('[b]', 'the second name')
    .option('--threshold <x>', 'the score from which the names match, 0 to 1')
    .option('--type <type>', 'entity, individual, vessel or aircraft')
    .option('--json', 'print { score, match, threshold, explanation }')
    .option('--pairs <file>', 'a CSV with columns name1,name2 (score and match are added)')
    .option('--out <file>', 'where --pairs writes its CSV (default: stdout)')
    .action(
      action((a: string | undefined, b: string | undefined, opts: MatchOptions) => {
        const threshold = parseThreshold(opts.threshold)
        const type = parseEntityType(opts.type)
        const base = { ...(threshold !== undefined ? { threshold } : {}), ...(type ? { type } : {}) }
        if (opts.pairs !== undefined) {
          if (a !== undefined) throw usageError('give either two names or --pairs <file>, not both')
          const rows = readCsvTable(opts.pairs, { required: ['name1', 'name2'], option: '--pairs' })
          const out = rows.map((r, i) => {
            const line = i + 2
            if (!r.name1 || !r.name2) throw usageError(`--pairs: ${opts.pairs} line ${line}: name1 and name2 must both be non-empty`, { file: opts.pairs, line })
            const s = scoreNames({ a: r.name1, b: r.name2, ...base })
            return { ...r, score: s.score.toFixed(3), match: s.match }
          })
          const columns = [...(rows.length > 0 ? Object.keys(rows[0]!) : ['name1', 'name2']), 'score', 'match']
          if (opts.json && opts.out === undefined) writeOutput(undefined, `${JSON.stringify(out, null, 2)}\n`)
          else writeOutput(opts.out, toCsv(out, columns))
          return
        }
        if (opts.out !== undefined) throw usageError('--out is for --pairs mode')
        if (a === undefined || b === undefined || a.trim() === '' || b.trim() === '') {
          throw usageError('give two names, e.g. chipnav match "Huawei Technologies Co Ltd" "HUAWEI TECHNOLOGIES CO., LTD.", or --pairs <file>')
        }
        const r = scoreNames({ a, b, ...base })
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
          return
        }
        const e = r.explanation
        const lines = [
          `score ${r.score.toFixed(3)}  ${r.match ? 'MATCH' : 'no match'} (threshold ${r.threshold})`,
          `compared "${e.queryNormalized}" ↔ "${e.candidateNormalized}"`,
          e.summary,
          ...e.alignment.map((x) => `  ${(x.query || '—').padEnd(18)} ↔ ${(x.list || '—').padEnd(18)} similarity ${x.similarity.toFixed(3)}  weight ${x.weight.toFixed(3)}  ${x.kind}`),
          ...e.adjustments.map((x) => `  adjustment: ${x.reason} (${x.delta >= 0 ? '+' : ''}${x.delta.toFixed(3)})`),
        ]
        process.stdout.write(`${lines.join('\n')}\n`)
      }),
    )
}
