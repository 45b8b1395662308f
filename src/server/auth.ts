/**
 * Access: an API key arrives as `Authorization: Bearer <key>`, is hashed (sha256, the way the store
 * keeps it) and looked up; its role decides what it may do. Each permission is a named predicate,
 * so a route says `authorize(request, canReviewHits)` and a reviewer sees the rule in one place.
 */
import type { FastifyRequest } from 'fastify'
import { hashApiKey, type ApiKeyRole } from '../records/records-store.js'
import { AppError } from '../shared/errors.js'

export type Role = ApiKeyRole

/** Who is calling: the key's id, role and hash (never the key itself); the hash keys the rate limit. */
export type Caller = { keyId: string; role: Role; keyHash: string; username?: string }

/** Each role can do what the roles before it can. */
const RANK: Record<Role, number> = { viewer: 0, analyst: 1, approver: 2, admin: 3 }
const atLeast = (role: Role, min: Role) => RANK[role] >= RANK[min]

/** Read anything: records, lists status, timeline, audit. */
export const canRead = (role: Role) => atLeast(role, 'viewer')
/** Classify, screen and match without storing anything. */
export const canQuery = (role: Role) => atLeast(role, 'viewer')
/** Create parties, run and store screenings, determinations and transactions, upload documents, ship against a licence. */
export const canWriteRecords = (role: Role) => atLeast(role, 'analyst')
/** Clear or confirm a screening hit. */
export const canReviewHits = (role: Role) => atLeast(role, 'approver')
/** Approve a transaction whose determination needs a licence. */
export const canApproveLicensedTransactions = (role: Role) => atLeast(role, 'approver')
/** Record a licence. */
export const canRecordLicenses = (role: Role) => atLeast(role, 'approver')
/**
 * Delete a document once its retention (15 CFR 762.6) has run out: destroying a record is a decision of
 * the compliance officer who answers for the records programme (approver), not of whoever uploaded it;
 * the store refuses it anyway while the retention period or a legal hold lasts.
 */
export const canDeleteDocuments = (role: Role) => atLeast(role, 'approver')
/**
 * Place a document on legal hold or lift the hold (15 CFR 762.6(b): an agency asked for the record): a
 * decision of the compliance officer who answers for the records programme, like deleting one.
 */
export const canManageLegalHolds = (role: Role) => atLeast(role, 'approver')
/** Create, list and revoke API keys. */
export const canManageKeys = (role: Role) => atLeast(role, 'admin')
/** Import restricted-party lists. */
export const canImportLists = (role: Role) => atLeast(role, 'admin')

/** The bearer token of a request, or undefined when there is none. */
export function bearerToken(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const h = request.headers.authorization
  if (typeof h !== 'string') return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
  return m?.[1]
}

/** What authentication needs from the store: the active (not revoked) key with this hash, if any. */
export type FindKeyByHash = (hash: string) => Promise<{ id: string; role: Role } | undefined>

/** Resolve the caller of a request, or throw UNAUTHENTICATED (missing, malformed, unknown or revoked key). */
export async function authenticate(request: Pick<FastifyRequest, 'headers'>, findKeyByHash: FindKeyByHash): Promise<Caller> {
  const token = bearerToken(request)
  if (token === undefined) {
    throw new AppError('UNAUTHENTICATED', { detail: 'send an API key as "Authorization: Bearer <key>" (create one with `chipnav keys create --role admin`)' })
  }
  const keyHash = hashApiKey(token)
  const key = await findKeyByHash(keyHash)
  if (!key) throw new AppError('UNAUTHENTICATED', { detail: 'the API key is unknown or revoked' })
  return { keyId: key.id, role: key.role, keyHash }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the /v1 authentication hook */
    caller?: Caller
  }
}

/** Throw FORBIDDEN unless the caller's role passes the predicate; returns the caller for the handler. */
export function authorize(request: FastifyRequest, can: (role: Role) => boolean): Caller {
  const caller = request.caller
  if (!caller) throw new AppError('UNAUTHENTICATED', { detail: 'send an API key as "Authorization: Bearer <key>"' })
  if (!can(caller.role)) {
    throw new AppError('FORBIDDEN', { detail: `the role "${caller.role}" may not ${PERMISSION_WORDS.get(can) ?? 'do this'}`, role: caller.role })
  }
  return caller
}

const PERMISSION_WORDS = new Map<(role: Role) => boolean, string>([
  [canWriteRecords, 'create or change records (analyst or above)'],
  [canReviewHits, 'clear or confirm screening hits (approver or admin)'],
  [canApproveLicensedTransactions, 'approve a transaction that needs a licence (approver or admin)'],
  [canRecordLicenses, 'record a licence (approver or admin)'],
  [canDeleteDocuments, 'delete documents (approver or admin)'],
  [canManageLegalHolds, 'place or lift a legal hold (approver or admin)'],
  [canManageKeys, 'manage API keys (admin)'],
  [canImportLists, 'import lists (admin)'],
])
