/** The dated changes in data/events.yaml between two dates: what `chipnav timeline`, `GET /v1/timeline` and the MCP `timeline` tool list. */
import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { Rules, TimelineEvent } from './load-rules.js'

export type TimelineRange = { from?: IsoDate | undefined; to?: IsoDate | undefined }

/** The events dated from `from` to `to`, both included (either may be left out); a range that ends before it starts is refused naming `to`. */
export function timelineEvents(rules: Pick<Rules, 'events'>, { from, to }: TimelineRange): readonly TimelineEvent[] {
  if (from !== undefined && to !== undefined && from > to) {
    throw new AppError('VALIDATION_FAILED', { detail: `from (${from}) is after to (${to})`, issues: [{ path: 'to', message: `expected a date on or after from (${from})` }] })
  }
  return rules.events.filter((e) => (from === undefined || e.date >= from) && (to === undefined || e.date <= to))
}
