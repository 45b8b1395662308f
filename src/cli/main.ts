/**
 * The CLI's composition root: it reads the environment and the clock, loads rules and lists, and hands
 * them to one command. Each command lives in `commands/<verb>.ts` and exports `register…`; program.ts
 * lists them and imports only the one a run invokes, so start-up stays fast (issue 15).
 */
import { CommanderError } from 'commander'
import { buildProgram } from './program.js'
import { errorDocument, isJsonRequested, printError } from './run-command.js'
import { databaseErrorToAppError } from '../shared/database-errors.js'
import { AppError } from '../shared/errors.js'

// a closed pipe (`chipnav chips | head`) is a normal end, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})

try {
  const program = await buildProgram(process.argv.slice(2))
  await program.parseAsync(process.argv)
} catch (e) {
  if (e instanceof CommanderError) {
    // help and version exit 0; usage mistakes exit 2 (commander printed the error line; with --json, the document too)
    if (e.exitCode !== 0 && isJsonRequested()) process.stdout.write(`${JSON.stringify(errorDocument(new AppError('VALIDATION_FAILED', { detail: e.message.replace(/^error: /, '') })), null, 2)}\n`)
    process.exitCode = e.exitCode === 0 ? 0 : 2
  } else {
    process.exitCode = printError(databaseErrorToAppError(e) ?? (e instanceof Error ? e : new AppError('INTERNAL', { detail: String(e) })))
  }
}
