/**
 * Named users (issue 12): the users table (audited), sign-in failure counters and sessions (not audited:
 * see the migration 2026-12-07-users). Functions take the StoreContext; KyselyStore delegates to them.
 */
import type { Selectable } from 'kysely'
import { AppError } from '../shared/errors.js'
import { rowHash } from '../records/hash-chain.js'
import type { ApiKeyRole, Page, PageOptions } from '../records/records-store.js'
import { newId, type StoreContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { UsernameSchema, type NewUser, type Session, type SignInState, type User, type UserWithSecret } from '../records/users.js'

export interface UsersTable {
  id: string
  username: string
  role: string
  password_hash: string
  created_at: string
  created_by: string
  disabled_at: string | null
}
export interface UserSignInFailuresTable {
  user_id: string
  failed_count: number
  locked_until: string | null
}
export interface UserSessionsTable {
  token_hash: string
  user_id: string
  csrf_token: string
  created_at: string
  expires_at: string
}
export type UsersTables = { users: UsersTable; user_sign_in_failures: UserSignInFailuresTable; user_sessions: UserSessionsTable }

type UserRow = Selectable<UsersTable>

/** The record a users row's hash is taken over (the password hash included: changing it must be audited). */
export const userHashRecord = (r: UserRow) => ({ ...userFromRow(r), passwordHash: r.password_hash })

export const userFromRow = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  role: r.role as ApiKeyRole,
  createdAt: r.created_at,
  createdBy: r.created_by,
  disabledAt: r.disabled_at,
})

/** Create a user (audited as user.created); CONFLICT when the username is taken. */
export async function createUser(ctx: StoreContext, input: NewUser): Promise<User> {
  const parsed = UsernameSchema.safeParse(input.username)
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', { detail: `username "${input.username}" is not valid`, issues: [{ path: 'username', message: parsed.error.issues[0]?.message ?? 'invalid' }] })
  const username = parsed.data
  return ctx.write(input.actor, async (w) => {
    const taken = await w.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()
    if (taken) throw new AppError('CONFLICT', { detail: `the username "${username}" is taken`, username })
    const row: UserRow = { id: newId('usr'), username, role: input.role, password_hash: input.passwordHash, created_at: w.at, created_by: input.actor, disabled_at: null }
    await w.db.insertInto('users').values(row).execute()
    w.audit({ action: 'user.created', entityType: 'user', entityId: row.id, beforeHash: null, afterHash: rowHash(userHashRecord(row)), data: { username, role: input.role } })
    return userFromRow(row)
  })
}

export async function findUserByUsername(ctx: StoreContext, username: string): Promise<UserWithSecret | null> {
  const r = await ctx.db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst()
  return r ? { ...userFromRow(r), passwordHash: r.password_hash } : null
}

export async function listUsers(ctx: StoreContext, options: PageOptions = {}): Promise<Page<User>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('users').selectAll().orderBy('id').limit(limit + 1)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, userFromRow)
}

export async function signInState(ctx: StoreContext, userId: string): Promise<SignInState> {
  const r = await ctx.db.selectFrom('user_sign_in_failures').selectAll().where('user_id', '=', userId).executeTakeFirst()
  return r ? { failedCount: Number(r.failed_count), lockedUntil: r.locked_until } : { failedCount: 0, lockedUntil: null }
}

export async function recordSignInFailure(ctx: StoreContext, input: { userId: string; lockedUntil: string | null }): Promise<SignInState> {
  return ctx.db.transaction().execute(async (t) => {
    const r = await t.selectFrom('user_sign_in_failures').selectAll().where('user_id', '=', input.userId).executeTakeFirst()
    const next = { failedCount: Number(r?.failed_count ?? 0) + 1, lockedUntil: input.lockedUntil ?? r?.locked_until ?? null }
    await t.deleteFrom('user_sign_in_failures').where('user_id', '=', input.userId).execute()
    await t.insertInto('user_sign_in_failures').values({ user_id: input.userId, failed_count: next.failedCount, locked_until: next.lockedUntil }).execute()
    return next
  })
}

export async function clearSignInFailures(ctx: StoreContext, userId: string): Promise<void> {
  await ctx.db.deleteFrom('user_sign_in_failures').where('user_id', '=', userId).execute()
}

export async function createSession(ctx: StoreContext, s: Session): Promise<void> {
  await ctx.db.insertInto('user_sessions').values({ token_hash: s.tokenHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt }).execute()
}

export async function findSession(ctx: StoreContext, tokenHash: string): Promise<{ session: Session; user: User } | null> {
  const s = await ctx.db.selectFrom('user_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
  if (!s) return null
  const u = await ctx.db.selectFrom('users').selectAll().where('id', '=', s.user_id).executeTakeFirst()
  if (!u) return null
  return { session: { tokenHash: s.token_hash, userId: s.user_id, csrfToken: s.csrf_token, createdAt: s.created_at, expiresAt: s.expires_at }, user: userFromRow(u) }
}

export async function deleteSession(ctx: StoreContext, tokenHash: string): Promise<void> {
  await ctx.db.deleteFrom('user_sessions').where('token_hash', '=', tokenHash).execute()
}
