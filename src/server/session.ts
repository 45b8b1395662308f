/**
 * Sessions for named users (issue 12). A person signs in with username and password and gets an
 * httpOnly, SameSite=Strict, signed cookie holding a random token (the store keeps only its sha256) that
 * expires; every state-changing request of a signed-in browser must carry the session's synchroniser
 * token in `x-csrf-token`. Repeated failed sign-ins lock the account for a while. API keys
 * (`Authorization: Bearer`) keep working for machines: a request with that header is never read as a
 * session.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RecordsStore } from '../records/records-store.js'
import type { User } from '../records/users.js'
import { AppError } from '../shared/errors.js'
import { authenticate, type Caller, type FindKeyByHash } from './auth.js'
import { dummyPasswordHash, verifyPassword } from './passwords.js'

export const SESSION_COOKIE = 'chipnav_session'
export const CSRF_HEADER = 'x-csrf-token'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export type SessionSettings = {
  /** signs the cookie; a random one per process when not given (sessions then end at restart) */
  secret?: string
  /** how long a session lasts (default 8 h) */
  ttlMs?: number
  /** consecutive failed sign-ins that lock an account (default 5) */
  maxFailures?: number
  /** how long a lock lasts (default 15 min) */
  lockMs?: number
}
export const SESSION_DEFAULTS = { ttlMs: 8 * 3600_000, maxFailures: 5, lockMs: 15 * 60_000 }

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** Register the cookie parser (signed cookies) on the root app. */
export async function registerSessionCookies(app: FastifyInstance, settings: SessionSettings = {}): Promise<void> {
  await app.register(cookie, { secret: settings.secret ?? randomBytes(32).toString('hex'), hook: 'onRequest' })
}

/**
 * The caller of a request: an API key when `Authorization` is present, else the signed-in user of the
 * session cookie (checking expiry and, for a state-changing method, the CSRF token), else 401.
 */
export async function resolveCaller(request: FastifyRequest, o: { findKeyByHash: FindKeyByHash; store: RecordsStore; clock: () => Date }): Promise<Caller> {
  const raw = request.cookies?.[SESSION_COOKIE]
  if (request.headers.authorization !== undefined || raw === undefined) return authenticate(request, o.findKeyByHash)
  const found = await sessionOf(request, o)
  if (!found) throw new AppError('UNAUTHENTICATED', { detail: 'the session has expired or was ended: sign in again' })
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER]
    if (typeof sent !== 'string' || !sameString(sent, found.session.csrfToken)) {
      throw new AppError('CSRF_TOKEN_INVALID', { detail: `send the csrfToken of GET /v1/session in the ${CSRF_HEADER} header` })
    }
  }
  return callerOf(found.user)
}

export const callerOf = (user: User): Caller => ({ keyId: user.id, role: user.role, keyHash: `user:${user.id}`, username: user.username })

/** The live session of the request's cookie, or undefined (no cookie, bad signature, unknown, expired, user disabled). */
export async function sessionOf(request: FastifyRequest, o: { store: RecordsStore; clock: () => Date }) {
  const raw = request.cookies?.[SESSION_COOKIE]
  if (raw === undefined) return undefined
  const unsigned = request.unsignCookie(raw)
  if (!unsigned.valid || !unsigned.value) return undefined
  const found = await o.store.findSession(sha256(unsigned.value))
  if (!found || found.user.disabledAt !== null) return undefined
  if (found.session.expiresAt <= o.clock().toISOString()) {
    await o.store.deleteSession(found.session.tokenHash)
    return undefined
  }
  return found
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Check a username and password, counting failures: ACCOUNT_LOCKED while locked (even with the right
 * password), SIGN_IN_FAILED for an unknown user or a wrong password (the same answer, after the same work).
 */
export async function signIn(o: { store: RecordsStore; clock: () => Date; settings: SessionSettings }, username: string, password: string): Promise<User> {
  const s = { ...SESSION_DEFAULTS, ...o.settings }
  const user = await o.store.findUserByUsername(username)
  if (!user || user.disabledAt !== null) {
    await verifyPassword(password, await dummyPasswordHash())
    throw new AppError('SIGN_IN_FAILED', { detail: 'the username or password is wrong' })
  }
  const now = o.clock()
  let state = await o.store.signInState(user.id)
  if (state.lockedUntil !== null) {
    if (state.lockedUntil > now.toISOString()) throw lockedError(state.lockedUntil)
    await o.store.clearSignInFailures(user.id)
    state = { failedCount: 0, lockedUntil: null }
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const isLocking = state.failedCount + 1 >= s.maxFailures
    const lockedUntil = isLocking ? new Date(now.getTime() + s.lockMs).toISOString() : null
    await o.store.recordSignInFailure({ userId: user.id, lockedUntil })
    if (lockedUntil) throw lockedError(lockedUntil)
    throw new AppError('SIGN_IN_FAILED', { detail: `the username or password is wrong (${s.maxFailures - state.failedCount - 1} more failures lock the account)` })
  }
  if (state.failedCount > 0) await o.store.clearSignInFailures(user.id)
  const { passwordHash: _p, ...plain } = user
  return plain
}

const lockedError = (until: string) => new AppError('ACCOUNT_LOCKED', { detail: `too many failed sign-ins: try again after ${until}, or ask an admin`, lockedUntil: until })

/** Start a session for the user: store it and set the cookie; returns the CSRF token and expiry. */
export async function startSession(reply: FastifyReply, o: { store: RecordsStore; clock: () => Date; settings: SessionSettings }, user: User): Promise<{ csrfToken: string; expiresAt: string }> {
  const ttl = o.settings.ttlMs ?? SESSION_DEFAULTS.ttlMs
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const now = o.clock()
  const expiresAt = new Date(now.getTime() + ttl).toISOString()
  await o.store.createSession({ tokenHash: sha256(token), userId: user.id, csrfToken, createdAt: now.toISOString(), expiresAt })
  reply.setCookie(SESSION_COOKIE, token, { signed: true, httpOnly: true, sameSite: 'strict', secure: 'auto', path: '/', maxAge: Math.floor(ttl / 1000) })
  return { csrfToken, expiresAt }
}

/** End the request's session (if any) and clear the cookie. */
export async function endSession(request: FastifyRequest, reply: FastifyReply, o: { store: RecordsStore; clock: () => Date }): Promise<void> {
  const found = await sessionOf(request, o)
  if (found) await o.store.deleteSession(found.session.tokenHash)
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' })
}
