import type { Command } from 'commander'

/** Registers `lists`, `screen` and `match` (issue 3). Each lives in its own file; this only wires them. */
export function registerScreeningCommands(_program: Command): void {
  // filled in by the screening work
}
