/**
 * What the server's composition root (main.ts) needs for the web UI and its sessions: where the built UI is,
 * and the secret that signs session cookies — CHIPNAV_SESSION_SECRET, else a random one kept in
 * `<CHIPNAV_HOME>/session-secret` (mode 0600), so sessions survive a restart.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const UI_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url))

export function sessionSecret(home: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.CHIPNAV_SESSION_SECRET?.trim()
  if (fromEnv) return fromEnv
  const file = join(home, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(home, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  return secret
}
