/**
 * The ids of the list sources, without their parsers (sources.ts loads every parser: a command that only
 * checks an id, e.g. `screen --lists`, does not need them). sources.ts refuses to load when its sources
 * and this list differ.
 */
import type { SourceId } from '../model.js'

export const SOURCE_IDS = ['csl', 'sdn', 'nonsdn', 'dpl', 'un', 'uk', 'ofsi', 'eu'] as const satisfies readonly SourceId[]

export function isSourceId(s: string): s is SourceId {
  return (SOURCE_IDS as readonly string[]).includes(s)
}
