/** Shared value types of the stored records: actors, timestamps, digests, pages. Part of the records store's contract (see records-store.ts). */
import { z } from 'zod'

// ---------------------------------------------------------------- shared value types

export const ActorSchema = z.string().trim().min(1).max(200)
export type Actor = z.infer<typeof ActorSchema>

export const TimestampSchema = z.string().min(20) // ISO 8601 UTC, e.g. 2026-11-26T10:00:00.000Z
export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest')

export type Page<T> = { items: T[]; nextCursor: string | null }
export type PageOptions = { limit?: number; cursor?: string | null }
/** default and maximum page sizes */
export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 500
