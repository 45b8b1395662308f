import { resolveChipnavHome, type ChipnavHome } from '../shared/chipnav-home.js'

/** The CLI's home (CHIPNAV_HOME, else ./.chipnav when it exists, else the per-user data folder), and why. */
export function cliHome(env: NodeJS.ProcessEnv = process.env): ChipnavHome {
  return resolveChipnavHome({ env, cwd: process.cwd() })
}

/** The CLI's home folder, absolute. */
export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  return cliHome(env).path
}
