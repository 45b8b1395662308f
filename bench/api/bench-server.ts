/**
 * The server as the API benchmarks run it: a child process (`node --import tsx src/server/main.ts`) on
 * 127.0.0.1 and a free port, its own CHIPNAV_HOME, logging at `warn`, the rate limit out of the way; and
 * an admin key made the way `chipnav keys create --role admin` makes one.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { openStore } from '../../src/store/open-store.js'

const REPO = fileURLToPath(new URL('../../', import.meta.url))

/** The way `chipnav keys create --role admin` makes one: through the store. */
export async function adminKey(home: string, databaseUrl: string | undefined): Promise<string> {
  const store = await openStore({ home, ...(databaseUrl ? { databaseUrl } : {}) })
  try {
    return (await store.createApiKey({ role: 'admin', label: 'bench', actor: 'bench' })).key
  } finally {
    await store.close()
  }
}

/** `countQueriesFile`: the server counts its PostgreSQL queries into this file (bench/api/count-queries.ts) */
export async function startServer(home: string, databaseUrl: string | undefined, options: { profileDir?: string; env?: Record<string, string>; countQueriesFile?: string } = {}): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const PROFILE_DIR = options.profileDir
  const counting = options.countQueriesFile ? ['--import', './bench/api/count-queries.ts'] : []
  const child: ChildProcess = spawn(process.execPath, [...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []), '--import', 'tsx', ...counting, 'src/server/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      CHIPNAV_HOME: home,
      ...(databaseUrl ? { CHIPNAV_DATABASE_URL: databaseUrl } : { CHIPNAV_DATABASE_URL: '' }),
      HOST: '127.0.0.1',
      PORT: '0',
      CHIPNAV_LOG_LEVEL: 'warn',
      CHIPNAV_RATE_LIMIT: '100000000',
      ...(options.countQueriesFile ? { CHIPNAV_BENCH_QUERY_COUNT_FILE: options.countQueriesFile } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let err = ''
    const timer = setTimeout(() => reject(new Error(`the server did not start in 120 s:\n${err}`)), 120_000)
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString()
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${err}`)))
  })
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

