/** Shared value types of the stored records: actors, timestamps, digests, pages. Part of the records store's contract (see records-store.ts). */
import { z } from 'zod'

// ---------------------------------------------------------------- shared value types

export const ActorSchema = z.string().trim().min(1).max(200)
export type Actor = z.infer<typeof ActorSchema>

export const TimestampSchema = z.string().min(20) // ISO 8601 UTC, e.g. 2026-11-26T10:00:00.000Z
export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest')

/**
 * An ECCN a record names, a licence's or a logged technology access's (15 CFR 774 supp. 1: digit, category letter
 * A-E, three digits, then paragraphs), or EAR99; written in any case, stored as the CCL writes it (`3a090.A` →
 * `3A090.a`). A mistyped ECCN covers nothing and is never evaluated: a licence the officer would learn of only at
 * approval, an access logged unchecked.
 */
export const EccnInputSchema = z
  .string()
  .trim()
  .regex(/^(?:[0-9][A-Ea-e][0-9]{3}(?:\.[A-Za-z0-9]+)*|[Ee][Aa][Rr]99)$/, 'expected an ECCN such as 3A090, 3A090.a or 4A090.a.1 (or EAR99)')
  .transform((e) => (/^ear99$/i.test(e) ? 'EAR99' : `${e.slice(0, 5).toUpperCase()}${e.slice(5).toLowerCase()}`))

export type Page<T> = { items: T[]; nextCursor: string | null }
export type PageOptions = { limit?: number; cursor?: string | null }
/** default and maximum page sizes */
export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 500
