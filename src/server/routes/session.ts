/**
 * Sign-in for named users (issue 12): `POST /v1/session` (username + password → session cookie and CSRF
 * token), `GET /v1/session` (who is signed in, and the CSRF token again, or null: no key needed), `DELETE /v1/session` (sign out);
 * and the users themselves (admin): `GET /v1/users`, `POST /v1/users`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { API_KEY_ROLES } from '../../records/records-store.js'
import { UserSchema, UsernameSchema } from '../../records/users.js'
import { AppError } from '../../shared/errors.js'
import type { AppContext } from '../app.js'
import { authorize, canManageKeys, canRead } from '../auth.js'
import { hashPassword, MAX_PASSWORD_LENGTH } from '../passwords.js'
import { actorLabelSchema, actorOf, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES, withActorLabel } from '../schemas.js'
import { endSession, sessionOf, signIn, startSession, type SessionSettings } from '../session.js'

export const SignInSchema = z.strictObject({ username: z.string().trim().min(1).max(63), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }).meta({ id: 'SignIn' })
export const SessionViewSchema = z
  .strictObject({
    username: z.string(),
    role: z.enum(API_KEY_ROLES),
    csrfToken: z.string().meta({ description: 'send it in the x-csrf-token header of every POST, PUT, PATCH or DELETE' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' })
export const CurrentSessionSchema = z.strictObject({ session: SessionViewSchema.nullable() }).meta({ id: 'CurrentSession' })
export const UserViewSchema = UserSchema.extend({ createdByLabel: actorLabelSchema('createdBy') }).meta({ id: 'User' })
export const NewUserSchema = z.strictObject({ username: UsernameSchema, role: z.enum(API_KEY_ROLES), password: z.string().max(MAX_PASSWORD_LENGTH) }).meta({ id: 'NewUser' })

/** Users may be managed by whoever may manage API keys (admin). */
export const canManageUsers = canManageKeys

/** `POST /v1/session`: answers without a key or session (it is how one gets a session). */
export const signInRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; settings: SessionSettings }> = async (app, { ctx, settings }) => {
  app.post(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign in a named user: sets the session cookie; answers the CSRF token', security: [], body: SignInSchema, response: { 200: SessionViewSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const o = { store: ctx.store, clock: ctx.clock, settings }
      const user = await signIn(o, request.body.username, request.body.password)
      return { username: user.username, role: user.role, ...(await startSession(reply, o, user)) }
    },
  )

  app.get(
    '/session',
    { schema: { tags: ['session'], summary: 'The signed-in user and the CSRF token of the session, or null (answers without a key)', security: [], response: { 200: CurrentSessionSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      const found = await sessionOf(request, ctx)
      return { session: found ? { username: found.user.username, role: found.user.role, csrfToken: found.session.csrfToken, expiresAt: found.session.expiresAt } : null }
    },
  )
}

/** `DELETE /v1/session`, and the users (admin); behind the /v1 authentication. */
export const sessionRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.delete(
    '/session',
    { config: { allow: canRead }, schema: { tags: ['session'], summary: 'Sign out: ends the session and clears its cookie', response: { 200: z.strictObject({ isSignedOut: z.literal(true) }).meta({ id: 'SignedOut' }), ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      await endSession(request, reply, ctx)
      return { isSignedOut: true as const }
    },
  )

  app.get(
    '/users',
    { config: { allow: canManageUsers }, schema: { tags: ['users'], summary: 'List named users (admin)', querystring: PageQuerySchema, response: { 200: pageOf(UserViewSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canManageUsers)
      const page = await ctx.store.listUsers(pageOptions(request.query))
      return { ...page, items: await withActorLabel(ctx.store, page.items, 'createdBy') }
    },
  )

  app.post(
    '/users',
    { config: { allow: canManageUsers }, schema: { tags: ['users'], summary: 'Create a named user (admin); the password is stored as a scrypt hash', body: NewUserSchema, response: { 201: UserViewSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canManageUsers)
      const { username, role, password } = request.body
      const user = await ctx.store.createUser({ username, role, passwordHash: await hashPassword(password), actor: actorOf(caller) })
      const [labelled] = await withActorLabel(ctx.store, [user], 'createdBy')
      return reply.code(201).send(labelled!)
    },
  )
}
