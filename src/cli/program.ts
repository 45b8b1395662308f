/**
 * The CLI's command table. Each top-level command names the module that registers it; a run imports only
 * the module of the command it was given (`chipnav classify …` never loads the server, the store or the
 * screening index), and `--help`, `help`, `completion` or an unknown command load them all.
 *
 * To add a command: write `commands/<verb>.ts` exporting `registerXxx(program)`, and add one row here with
 * every top-level name it registers. A test (test/cli/cli-conventions.test.ts) checks that the names match.
 */
import { Command } from 'commander'
import { quietStderr } from './run-command.js'
import { CHIPNAV_VERSION } from '../shared/version.js'

type Register = (program: Command) => void

export type CommandEntry = {
  /** the top-level command names the module registers, in help order */
  names: readonly string[]
  load: () => Promise<Register>
}

export const COMMANDS: readonly CommandEntry[] = [
  { names: ['classify'], load: async () => (await import('./commands/classify.js')).registerClassify },
  { names: ['chips'], load: async () => (await import('./commands/chips.js')).registerChips },
  { names: ['check-data'], load: async () => (await import('./commands/check-data.js')).registerCheckData },
  { names: ['check', 'diff', 'timeline'], load: async () => (await import('./commands/check.js')).registerCheck },
  { names: ['red-flags'], load: async () => (await import('./commands/check.js')).registerRedFlags },
  { names: ['certifications'], load: async () => (await import('./commands/check.js')).registerCertifications },
  { names: ['check-access'], load: async () => (await import('./commands/check-access.js')).registerCheckAccess },
  { names: ['mcp'], load: async () => (await import('./commands/mcp.js')).registerMcp },
  { names: ['completion'], load: async () => (await import('./commands/completion.js')).registerCompletion },
  { names: ['doctor'], load: async () => (await import('./commands/doctor.js')).registerDoctor },
  {
    names: ['lists'],
    load: async () => {
      const [{ registerLists }, { screeningDeps }] = await Promise.all([import('./commands/lists.js'), import('./commands/screening.js')])
      return (program) => registerLists(program, screeningDeps())
    },
  },
  {
    names: ['screen'],
    load: async () => {
      const [{ registerScreen }, { screeningDeps }] = await Promise.all([import('./commands/screen.js'), import('./commands/screening.js')])
      return (program) => registerScreen(program, screeningDeps())
    },
  },
  { names: ['match'], load: async () => (await import('./commands/match.js')).registerMatch },
  { names: ['keys'], load: async () => (await import('./commands/keys.js')).registerKeys },
  { names: ['audit'], load: async () => (await import('./commands/audit.js')).registerAudit },
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { names: ['worker', 'rescreen', 'impact', 'webhooks', 'events', 'holds'], load: async () => (await import('./commands/monitoring.js')).registerMonitoring },
  { names: ['users'], load: async () => (await import('./commands/users.js')).registerUsers },
  { names: ['deployments', 'authorisations'], load: async () => (await import('./commands/deployments.js')).registerDeployments },
  { names: ['licenses', 'transactions'], load: async () => (await import('./commands/records.js')).registerRecords },
  { names: ['migrate'], load: async () => (await import('./commands/migrate.js')).registerMigrate },
]

/**
 * The output convention: every command takes `--json` (its answer as one JSON document on standard output)
 * and `--quiet` (standard error carries errors only: no progress, notes or warnings; the answer on standard
 * output is unchanged). `--quiet` is added here to every command; `--json` each command declares itself.
 * Exempt, and why:
 */
export const OUTPUT_CONVENTION_EXEMPT: Readonly<Record<string, string>> = {
  mcp: 'standard output belongs to the Model Context Protocol; answers are JSON-RPC already',
  serve: 'a long-running server: it logs JSON lines (pino) and answers HTTP, it prints no answer',
  worker: 'a long-running job worker: it logs JSON lines (pino), it prints no answer',
  completion: 'prints a shell script, which is the whole point; there is nothing to put in JSON',
}

const QUIET_HELP = 'standard error carries errors only (no progress, notes or warnings); the answer is unchanged'

/** Every command that runs an action (not a group such as `lists`), with its full name: "lists import". */
export function leafCommands(program: Command): Array<{ name: string; command: Command }> {
  const out: Array<{ name: string; command: Command }> = []
  const walk = (c: Command, prefix: string) => {
    for (const sub of c.commands) {
      const name = `${prefix}${sub.name()}`
      if (sub.commands.length > 0) walk(sub, `${name} `)
      else out.push({ name, command: sub })
    }
  }
  walk(program, '')
  return out
}

/** commands that need every other command registered (help lists them; completion walks them) */
const NEEDS_ALL = new Set(['help', 'completion'])

/**
 * Which rows to load for these arguments (argv without node and the script): the invoked command's row;
 * none for a bare `--version`; all of them for help, completion, no command or an unknown one.
 */
export function commandsFor(args: readonly string[]): readonly CommandEntry[] {
  const at = args.findIndex((a) => !a.startsWith('-'))
  const before = at === -1 ? args : args.slice(0, at)
  const isHelp = (a: string) => a === '-h' || a === '--help'
  // `chipnav --help classify` is the program's help: it lists every command
  if (before.some(isHelp)) return COMMANDS
  if (at === -1) return before.some((a) => a === '-V' || a === '--version') ? [] : COMMANDS
  const word = args[at]!
  if (NEEDS_ALL.has(word)) return COMMANDS
  const entry = COMMANDS.find((c) => c.names.includes(word))
  return entry ? [entry] : COMMANDS
}

/** The commander program with the commands these arguments need (all of them when `args` is omitted). */
export async function buildProgram(args?: readonly string[]): Promise<Command> {
  const program = new Command()
  program
    .name('chipnav')
    .description('Export-control compliance for AI accelerators: classify, screen, determine — as of any date, with citations.')
    .version(CHIPNAV_VERSION)
    // a one-line hint, not the whole help after the error line (which it buried)
    .showHelpAfterError('(add --help to see the options)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  const entries = args === undefined ? COMMANDS : commandsFor(args)
  const registers = await Promise.all(entries.map((e) => e.load()))
  // registered in table order, so help lists them the same way every time
  const seen = new Set<Register>()
  for (const register of registers) {
    if (seen.has(register)) continue
    seen.add(register)
    register(program)
  }
  for (const { name, command } of leafCommands(program)) {
    if (name in OUTPUT_CONVENTION_EXEMPT || command.options.some((o) => o.long === '--quiet')) continue
    command.option('--quiet', QUIET_HELP)
  }
  program.hook('preAction', (_program, actionCommand) => {
    if (actionCommand.opts().quiet === true) quietStderr()
  })
  return program
}
