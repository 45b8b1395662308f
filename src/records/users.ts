/**
 * Named users (issue 12): people who sign in to the web UI with a username and password, where API keys
 * serve machines. A user has one role, the same roles as API keys. The store keeps the password only as
 * a scrypt hash (src/server/passwords.ts), each user's recent sign-in failures (for the lock-out) and the
 * sessions (by the sha256 of their token: the token itself lives only in the browser's cookie).
 */
import { z } from 'zod'
import { API_KEY_ROLES, TimestampSchema, type Actor, type ApiKeyRole, type Page, type PageOptions } from './records-store.js'

/** a login name: letters, digits and . _ - (case-insensitive: stored lower-case) */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'expected 2 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit')

export const UserSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  role: z.enum(API_KEY_ROLES),
  createdAt: TimestampSchema,
  createdBy: z.string(),
  disabledAt: TimestampSchema.nullable(),
})
export type User = z.infer<typeof UserSchema>

/** A user with the password hash: only authentication sees it. */
export type UserWithSecret = User & { passwordHash: string }

/** The sign-in failures counted against a user since the last success, and until when it is locked. */
export type SignInState = { failedCount: number; lockedUntil: string | null }

export type Session = {
  /** sha256 hex of the session token */
  tokenHash: string
  userId: string
  /** the synchroniser token that state-changing requests carry in `x-csrf-token` */
  csrfToken: string
  createdAt: string
  expiresAt: string
}

export type NewUser = { username: string; role: ApiKeyRole; passwordHash: string; actor: Actor }

/** What the records store keeps for named users and their sessions. */
export interface UsersStore {
  /** audited as `user.created`; CONFLICT when the username is taken */
  createUser(input: NewUser): Promise<User>
  findUserByUsername(username: string): Promise<UserWithSecret | null>
  listUsers(options?: PageOptions): Promise<Page<User>>
  signInState(userId: string): Promise<SignInState>
  /** count a failed sign-in; `lockedUntil` set when this failure locks the account */
  recordSignInFailure(input: { userId: string; lockedUntil: string | null }): Promise<SignInState>
  /** a successful sign-in resets the count */
  clearSignInFailures(userId: string): Promise<void>
  createSession(session: Session): Promise<void>
  /** the session and its user, when the session exists (expired ones included: the caller checks) */
  findSession(tokenHash: string): Promise<{ session: Session; user: User } | null>
  deleteSession(tokenHash: string): Promise<void>
}
