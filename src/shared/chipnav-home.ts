/**
 * Where chipnav keeps its data (list snapshots, the SQLite database, the audit key, the session secret):
 * 1. CHIPNAV_HOME when set;
 * 2. else `./.chipnav` when that folder exists in the working directory (how chipnav worked before: a
 *    project folder keeps its own data);
 * 3. else the platform's per-user data folder: $XDG_DATA_HOME/chipnav or ~/.local/share/chipnav on Linux
 *    (and other Unix), ~/Library/Application Support/chipnav on macOS, %LOCALAPPDATA%\chipnav on Windows.
 * One function decides it from what it is given (environment, working directory, platform, home folder),
 * so the composition roots pass those in and the tests never look at the real ones.
 */
import { existsSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { posix, resolve, win32 } from 'node:path'

export type ChipnavHomeReason = 'env' | 'cwd' | 'user'

export type ChipnavHome = {
  /** absolute */
  path: string
  reason: ChipnavHomeReason
  /** one line for `chipnav doctor`: why this folder */
  why: string
}

export type ResolveChipnavHomeOptions = {
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  platform?: NodeJS.Platform
  /** the user's home folder (os.homedir()) */
  homeDir?: string
  isDirectory?: (path: string) => boolean
}

const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined)
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory()

/** The platform's per-user data folder for chipnav, and which rule chose it. */
export function userDataDir(o: { env: Readonly<Record<string, string | undefined>>; platform: NodeJS.Platform; homeDir: string }): { path: string; why: string } {
  if (o.platform === 'win32') {
    const local = nonEmpty(o.env.LOCALAPPDATA)
    return local
      ? { path: win32.join(local, 'chipnav'), why: 'the per-user data folder (%LOCALAPPDATA%\\chipnav)' }
      : { path: win32.join(o.homeDir, 'AppData', 'Local', 'chipnav'), why: 'the per-user data folder (%USERPROFILE%\\AppData\\Local\\chipnav; LOCALAPPDATA is not set)' }
  }
  if (o.platform === 'darwin') return { path: posix.join(o.homeDir, 'Library', 'Application Support', 'chipnav'), why: 'the per-user data folder (~/Library/Application Support/chipnav)' }
  const xdg = nonEmpty(o.env.XDG_DATA_HOME)
  // the XDG spec ignores a relative XDG_DATA_HOME
  return xdg && posix.isAbsolute(xdg)
    ? { path: posix.join(xdg, 'chipnav'), why: 'the per-user data folder ($XDG_DATA_HOME/chipnav)' }
    : { path: posix.join(o.homeDir, '.local', 'share', 'chipnav'), why: 'the per-user data folder (~/.local/share/chipnav)' }
}

export function resolveChipnavHome(o: ResolveChipnavHomeOptions): ChipnavHome {
  const fromEnv = nonEmpty(o.env.CHIPNAV_HOME)
  if (fromEnv) return { path: resolve(o.cwd, fromEnv), reason: 'env', why: 'CHIPNAV_HOME is set' }
  const local = resolve(o.cwd, '.chipnav')
  if ((o.isDirectory ?? isDir)(local)) return { path: local, reason: 'cwd', why: './.chipnav exists in the working directory' }
  const user = userDataDir({ env: o.env, platform: o.platform ?? process.platform, homeDir: o.homeDir ?? homedir() })
  return { path: user.path, reason: 'user', why: `${user.why}: CHIPNAV_HOME is not set and there is no ./.chipnav here` }
}
