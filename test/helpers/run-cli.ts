import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from './paths.js'

/**
 * A per-user data folder of the test process's own: a CLI run without CHIPNAV_HOME, in a folder without
 * ./.chipnav, falls back to the per-user folder (src/shared/chipnav-home.ts), which must never be the real one.
 */
const userDirs = (() => {
  const d = mkdtempSync(join(tmpdir(), 'chipnav-user-'))
  return { HOME: d, XDG_DATA_HOME: join(d, '.local', 'share'), LOCALAPPDATA: join(d, 'AppData', 'Local') }
})()

export type CliResult = { code: number | null; stdout: string; stderr: string }

/** tsx's loader by absolute URL, so the CLI also runs from a working directory outside the repository */
const TSX = import.meta.resolve('tsx')

/** Run the CLI as a user would (through tsx), with its own environment. */
export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', TSX, join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...userDirs, ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** No stack trace ever reaches the user. */
export const hasStackTrace = (s: string) => /\n\s+at .+:\d+:\d+\)?/.test(s)
