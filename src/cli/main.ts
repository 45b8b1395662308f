/**
 * The CLI's composition root: it reads the environment and the clock, loads rules and lists,
 * and hands them to one command. Each command lives in `commands/<verb>.ts` and exports `register`.
 */
import { Command, CommanderError } from 'commander'
import { registerClassify } from './commands/classify.js'
import { registerChips } from './commands/chips.js'
import { registerCheckData } from './commands/check-data.js'
import { registerCheck, registerRedFlags } from './commands/check.js'
import { registerCheckAccess } from './commands/check-access.js'
import { registerMcp } from './commands/mcp.js'
import { registerCompletion } from './commands/completion.js'
import { registerDoctor } from './commands/doctor.js'
import { printError } from './run-command.js'
import { databaseErrorToAppError } from '../shared/database-errors.js'
import { AppError } from '../shared/errors.js'
// screening commands (issue 3) register below
import { registerScreeningCommands } from './commands/screening.js'
// records commands (issue 5)
import { registerKeys } from './commands/keys.js'
import { registerAudit } from './commands/audit.js'
// the HTTP API (issue 5)
import { registerServe } from './commands/serve.js'
// monitoring (issue 13)
import { registerMonitoring } from './commands/monitoring.js'
// named users of the web UI (issue 12)
import { registerUsers } from './commands/users.js'
// deployments and authorisations (issue 14)
import { registerDeployments } from './commands/deployments.js'

// a closed pipe (`chipnav chips | head`) is a normal end, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})

const program = new Command()
program
  .name('chipnav')
  .description('Export-control compliance for AI accelerators: classify, screen, determine — as of any date, with citations.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })

registerClassify(program)
registerChips(program)
registerCheckData(program)
registerCheck(program)
registerRedFlags(program)
registerCheckAccess(program)
registerMcp(program)
registerCompletion(program)
registerDoctor(program)
registerScreeningCommands(program)
registerKeys(program)
registerAudit(program)
registerServe(program)
registerMonitoring(program)
registerUsers(program)
registerDeployments(program)

try {
  await program.parseAsync(process.argv)
} catch (e) {
  if (e instanceof CommanderError) {
    // help and version exit 0; usage mistakes exit 2
    process.exitCode = e.exitCode === 0 ? 0 : 2
  } else {
    process.exitCode = printError(databaseErrorToAppError(e) ?? (e instanceof Error ? e : new AppError('INTERNAL', { detail: String(e) })))
  }
}
