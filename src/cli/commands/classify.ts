import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { classifyCatalogueItem, classifyItem } from '../../classification/classify-item.js'
import { AppError } from '../../shared/errors.js'
import { cliRules, parseDateOption } from '../context.js'
import { formatClassification } from '../format-classification.js'
import { action, usageError } from '../run-command.js'

type ClassifyFlags = { date?: string; json?: boolean; spec?: string }

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('Classify a catalogue chip or system (by id), or a spec file, under the rules in force on a date')
    .argument('[id]', 'catalogue id, e.g. nvidia-h100-sxm (see `chipnav chips`)')
    .option('--date <YYYY-MM-DD>', 'the date the answer is about (default: today)')
    .option('--spec <file>', 'classify the JSON spec in <file> ("-" reads standard input)')
    .option('--json', 'print the full result object as JSON')
    .action(
      action(async (id: string | undefined, flags: ClassifyFlags) => {
        const asOf = parseDateOption(flags.date)
        if (!id && !flags.spec) throw usageError('give a catalogue id or --spec <file>', { issues: [{ path: 'id', message: 'expected a catalogue id such as nvidia-h100-sxm, or --spec <file>' }] })
        if (id && flags.spec) throw usageError('give either a catalogue id or --spec, not both')
        const rules = await cliRules()
        // the spec's validator (zod) is loaded only for a spec: a catalogue item was checked with the rules data
        const result = flags.spec ? classifyItem((await import('../../classification/parse-item-spec.js')).parseItemSpec(readSpec(flags.spec)), { rules, asOf }) : classifyCatalogueItem(id!, { rules, asOf })
        process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatClassification(result)}\n`)
      }),
    )
}

function readSpec(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8')
  } catch {
    throw new AppError('FILE_NOT_FOUND', { detail: `cannot read the spec file "${path}"`, issues: [{ path: '--spec', message: 'expected a readable JSON file' }] })
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new AppError('INVALID_JSON', { detail: `the spec in "${path}" is not valid JSON: ${(e as Error).message}`, issues: [{ path: '--spec', message: 'expected a JSON object' }] })
  }
}
