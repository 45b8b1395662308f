/**
 * The warning every screening answer and /health carry for a list snapshot older than its limit, and each snapshot's
 * age as `GET /v1/lists` gives it (src/screening/snapshots/freshness.ts).
 */
import { z } from 'zod'

export const StaleListWarningSchema = z
  .looseObject({
    kind: z.literal('stale-list'),
    source: z.string(),
    /** the date the snapshot is judged by */
    date: z.string(),
    basis: z.enum(['published', 'latest-entry', 'imported']).meta({ description: 'where the date comes from: a publication date stated in the file, the latest listing date in it, or the import date' }),
    ageDays: z.number().int(),
    maxAgeDays: z.number().int(),
    message: z.string(),
  })
  .meta({ id: 'StaleListWarning' })

export const ListAgeSchema = z
  .strictObject({
    source: z.string(),
    /** the date the snapshot is judged by */
    date: z.string(),
    basis: z.enum(['published', 'latest-entry', 'imported']),
    /** whole days from that date to today (UTC) */
    ageDays: z.number().int(),
    /** the limit for this list (CHIPNAV_LIST_MAX_AGE_DAYS); absent: no limit */
    maxAgeDays: z.number().int().optional(),
    isStale: z.boolean(),
  })
  .meta({ id: 'ListAge' })
