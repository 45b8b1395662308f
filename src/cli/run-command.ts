import { AppError, ERROR_CATALOGUE, isAppError } from '../shared/errors.js'

/** standard error as it was before `--quiet`: errors always reach it */
const writeStderr = process.stderr.write.bind(process.stderr)

/**
 * `--quiet`: from here on, standard error carries errors only (printError); progress bars, notes and
 * warnings written to it are dropped. Standard output, the answer, is unchanged.
 */
export function quietStderr(): void {
  process.stderr.write = (() => true) as typeof process.stderr.write
}

/**
 * Whether the command line asked for JSON (`--json`, before a `--` that ends the options): then an error is also
 * one JSON document on standard output, so a script that reads the answer as JSON reads the error the same way.
 */
export const isJsonRequested = (argv: readonly string[] = process.argv.slice(2)): boolean => {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json')
}

/** The error as JSON: `{ "error": { code, title, message, exitCode, issues?, …details } }` (the API's problem+json fields, by the same names). */
export function errorDocument(e: unknown): { error: Record<string, unknown> } {
  if (isAppError(e)) {
    const { detail: _detail, ...details } = e.details
    return { error: { code: e.code, title: ERROR_CATALOGUE[e.code].title, message: e.message, exitCode: e.exitCode, ...details } }
  }
  return { error: { code: 'INTERNAL', title: ERROR_CATALOGUE.INTERNAL.title, message: e instanceof Error ? e.message : String(e), exitCode: ERROR_CATALOGUE.INTERNAL.exit } }
}

/** Print an error the way every command does: one line, then one line per field; never a stack trace. With --json, the same as a JSON document on standard output too. */
export function printError(e: unknown, options: { isJson?: boolean } = {}): number {
  if (options.isJson ?? isJsonRequested()) process.stdout.write(`${JSON.stringify(errorDocument(e), null, 2)}\n`)
  if (isAppError(e)) {
    writeStderr(`error ${e.code}: ${e.message}\n`)
    for (const issue of e.details.issues ?? []) writeStderr(`  ${issue.path}: ${issue.message}\n`)
    for (const [k, v] of Object.entries(e.details)) {
      if (k === 'detail' || k === 'issues' || v === undefined || (Array.isArray(v) && v.length === 0)) continue
      // structured lists (e.g. INVALID_COUNTRY's `countries`) are for API clients; the issue lines say the same
      if (Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null)) continue
      writeStderr(`  ${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`)
    }
    return e.exitCode
  }
  const message = e instanceof Error ? e.message : String(e)
  writeStderr(`error INTERNAL: ${message}\n`)
  if (process.env.CHIPNAV_DEBUG) writeStderr(`${(e as Error)?.stack ?? ''}\n`)
  return ERROR_CATALOGUE.INTERNAL.exit
}

/** Wrap a command action: any thrown error becomes a printed message and an exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args)
    } catch (e) {
      process.exitCode = printError(e)
    }
  }
}

export function usageError(detail: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', { detail, ...extra })
}
