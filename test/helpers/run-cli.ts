import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from './paths.js'

export type CliResult = { code: number | null; stdout: string; stderr: string }

/** Run the CLI as a user would (through tsx), with its own environment. */
export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** No stack trace ever reaches the user. */
export const hasStackTrace = (s: string) => /\n\s+at .+:\d+:\d+\)?/.test(s)
