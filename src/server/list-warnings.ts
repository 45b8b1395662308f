/**
 * The warning every screening answer and /health carry for a list snapshot older than its limit (or whose publication
 * date is unknown), and each snapshot's age as `GET /v1/lists` gives it (src/screening/snapshots/freshness.ts).
 */
import { z } from 'zod'

const ListDateBasisSchema = z.enum(['published', 'last-modified', 'latest-entry', 'declared', 'downloaded', 'unknown']).meta({
  description:
    "where the date comes from: a publication date stated in the files (published), the publisher's HTTP Last-Modified date for the downloaded files (last-modified), the latest listing date in the files (latest-entry), the date the importer stated (declared), the day the files were downloaded from the official source, which gave no date (downloaded); unknown: files imported from disk that state no date",
})

export const StaleListWarningSchema = z
  .looseObject({
    kind: z.enum(['stale-list', 'undated-list']).meta({ description: 'stale-list: older than its limit; undated-list: its publication date is unknown, so its age cannot be judged against the limit' }),
    source: z.string(),
    /** the date the snapshot is judged by; null when its publication date is unknown */
    date: z.string().nullable(),
    basis: ListDateBasisSchema,
    /** null when the publication date is unknown */
    ageDays: z.number().int().nullable(),
    /** when the snapshot was imported (ISO 8601 UTC) */
    importedAt: z.string(),
    maxAgeDays: z.number().int(),
    message: z.string(),
  })
  .meta({ id: 'StaleListWarning' })

export const ListAgeSchema = z
  .strictObject({
    source: z.string(),
    /** the list's name (e.g. "BIS Denied Persons List"), for people who do not know the codes */
    title: z.string(),
    /** the date the snapshot is judged by; null when its publication date is unknown */
    date: z.string().nullable(),
    basis: ListDateBasisSchema,
    /** whole days from that date to today (UTC); null when the publication date is unknown */
    ageDays: z.number().int().nullable(),
    /** when the snapshot was imported (ISO 8601 UTC) */
    importedAt: z.string(),
    /** the limit for this list (CHIPNAV_LIST_MAX_AGE_DAYS); absent: no limit */
    maxAgeDays: z.number().int().optional(),
    /** over the limit, or under a limit with an unknown publication date (its age cannot be shown within it) */
    isStale: z.boolean(),
  })
  .meta({ id: 'ListAge' })
