import type { FetchLike } from '../../screening/sources/list-source.js'
import { resolveHome } from '../home.js'

/**
 * What `lists`, `screen` and `match` (issue 3) take from the outside: this is where the environment
 * (CHIPNAV_HOME), the clock and the network enter the screening commands. Each command lives in its own
 * file and is registered from src/cli/program.ts.
 */
export function screeningDeps(): { home: () => string; now: () => string; fetch: FetchLike } {
  return {
    home: () => resolveHome(process.env),
    now: () => new Date().toISOString(),
    fetch: (url, init) => globalThis.fetch(url, init),
  }
}
