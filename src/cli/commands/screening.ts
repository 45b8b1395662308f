import type { Command } from 'commander'
import type { FetchLike } from '../../screening/sources/list-source.js'
import { registerLists } from './lists.js'
import { registerMatch } from './match.js'
import { registerScreen } from './screen.js'
import { resolveHome } from './screening-io.js'

/**
 * Registers `lists`, `screen` and `match` (issue 3). Each lives in its own file; this only wires them,
 * and is where the environment (CHIPNAV_HOME), the clock and the network enter the screening commands.
 */
export function registerScreeningCommands(program: Command): void {
  const home = () => resolveHome(process.env)
  const now = () => new Date().toISOString()
  const fetchLists: FetchLike = (url, init) => globalThis.fetch(url, init)
  registerLists(program, { home, now, fetch: fetchLists })
  registerScreen(program, { home })
  registerMatch(program)
}
