/** API keys and the audit chain's verification results: the stored shapes. Part of the records store's contract (see records-store.ts). */
import { z } from 'zod'
import { Sha256Schema, TimestampSchema } from './record-basics.js'
import type { PageOptions } from './record-basics.js'

// ---------------------------------------------------------------- API keys

export const API_KEY_ROLES = ['viewer', 'analyst', 'approver', 'admin'] as const
export type ApiKeyRole = (typeof API_KEY_ROLES)[number]

export const ApiKeySchema = z.strictObject({
  id: z.string(),
  role: z.enum(API_KEY_ROLES),
  label: z.string().nullable(),
  /** sha256 hex of the key; the key itself is never stored */
  keyHash: Sha256Schema,
  /** the first characters of the key, to recognise it in a list */
  prefix: z.string(),
  createdAt: TimestampSchema,
  createdBy: z.string(),
  revokedAt: TimestampSchema.nullable(),
})
export type ApiKey = z.infer<typeof ApiKeySchema>

// ---------------------------------------------------------------- audit

export type AuditVerification = {
  ok: boolean
  /** events checked */
  checked: number
  /** rows of audited tables checked against the chain */
  rowsChecked: number
  /** the first event where the chain breaks, when it is the chain that is broken */
  firstBadEventId?: number
  /** what is wrong, in words; the first problem found */
  problem?: string
  /** the last event's seq and hash: write it down elsewhere (a ticket, a log) to anchor the chain, so a
   *  later rewrite of the whole tail can be caught by comparing */
  head: { seq: number; hash: string }
  /** every problem found (capped at 100) */
  problems: { kind: AuditProblemKind; table?: string; entityId?: string; eventSeq?: number; detail: string }[]
  /** 'incremental': the chain from the last verified checkpoint (`fromSeq`) and the rows its new events touched; 'full': everything */
  mode?: 'full' | 'incremental'
  /** the event the chain was checked from (0: the start) */
  fromSeq?: number
  /** with an anchor: whether the chain still holds the anchored event unchanged */
  anchor?: { seq: number; hash: string; isMatched: boolean }
  /**
   * incremental: the last full verification recorded (by `chipnav audit verify`, `?mode=full` or the server's
   * periodic health check), absent when none was; its problems count in `ok` and `problems` (a row edited
   * outside chipnav that no new event touches is seen only by a full verification)
   */
  lastFull?: AuditFullVerification
  /** what this verification covered and found, in words (its mode, its range of events, the records re-checked) */
  summary?: string
}
/** A full verification as recorded (MACed under the audit key): when, up to which event, what it checked and found. */
export type AuditFullVerification = { at: string; headSeq: number; ok: boolean; checked: number; rowsChecked: number; problems: AuditVerification['problems'] }
export const AUDIT_PROBLEM_KINDS = ['chain-broken', 'event-missing', 'event-edited', 'head-mismatch', 'row-edited', 'row-inserted', 'row-deleted', 'chain-marker-edited', 'anchor-mismatch'] as const
export type AuditProblemKind = (typeof AUDIT_PROBLEM_KINDS)[number]

/**
 * A signed checkpoint of the audit chain (`chipnav audit anchor`), to keep elsewhere (a ticket, another
 * machine): the head's seq and hash, the event count, when, and an HMAC-SHA256 signature under the audit
 * key. `verifyAudit({ anchor })` then finds a rewrite of the chain, even a consistent one.
 */
export const AuditAnchorSchema = z.strictObject({
  format: z.literal('chipnav-audit-anchor/1'),
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().nonnegative(),
  at: z.string(),
  keyedFromSeq: z.number().int().nonnegative(),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
})
export type AuditAnchor = z.infer<typeof AuditAnchorSchema>
export type VerifyAuditOptions = {
  /** 'full' (default): every event and row; 'incremental': from the last verified checkpoint */
  mode?: 'full' | 'incremental'
  /** an anchor exported earlier: its signature is checked (AUDIT_ANCHOR_INVALID) and its event must be in the chain unchanged */
  anchor?: unknown
}

/** filters (each exact) and the order: oldest first (the chain's order, the default) or newest first */
export type ListAuditEventsOptions = PageOptions & { entityType?: string; entityId?: string; action?: string; actor?: string; order?: 'oldest' | 'newest' }
