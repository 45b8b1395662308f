/** API keys: created (only the hash kept), found by hash, listed, revoked. */
import { randomBytes } from 'node:crypto'
import { AppError } from '../shared/errors.js'
import { rowHash } from '../records/hash-chain.js'
import { hashApiKey } from '../records/api-key-hash.js'
import { API_KEY_ROLES, type Actor, type ApiKey, type ApiKeyRole, type Page, type PageOptions } from '../records/records-store.js'
import { newId, notFound, type Db, type Row, type StoreContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'

export const apiKeyFromRow = (r: Row<'api_keys'>): ApiKey => ({
  id: r.id,
  role: r.role as ApiKeyRole,
  label: r.label,
  keyHash: r.key_hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
})

export async function createApiKey(ctx: StoreContext, input: { role: ApiKeyRole; label?: string; actor: Actor }): Promise<{ key: string; apiKey: ApiKey }> {
  if (!(API_KEY_ROLES as readonly string[]).includes(input.role)) {
    throw new AppError('VALIDATION_FAILED', { detail: `role must be one of ${API_KEY_ROLES.join(', ')}`, issues: [{ path: 'role', message: `expected one of ${API_KEY_ROLES.join(', ')}` }] })
  }
  const key = `cnk_${randomBytes(32).toString('base64url')}`
  return ctx.write(input.actor, async (w) => {
    const row: Row<'api_keys'> = { id: newId('key'), key_hash: hashApiKey(key), prefix: key.slice(0, 10), role: input.role, label: input.label ?? null, created_at: w.at, created_by: input.actor, revoked_at: null }
    await w.db.insertInto('api_keys').values(row).execute()
    const apiKey = apiKeyFromRow(row)
    w.audit({ action: 'api-key.created', entityType: 'api-key', entityId: row.id, beforeHash: null, afterHash: rowHash(apiKey), data: { role: input.role } })
    return { key, apiKey }
  })
}

export async function findApiKeyByHash(ctx: StoreContext, keyHash: string): Promise<ApiKey | null> {
  const r = await ctx.db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst()
  return r ? apiKeyFromRow(r) : null
}

export async function listApiKeys(ctx: StoreContext, options: PageOptions = {}): Promise<Page<ApiKey>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('api_keys').selectAll().orderBy('id').limit(limit + 1)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, apiKeyFromRow)
}

export async function revokeApiKey(ctx: StoreContext, input: { id: string; actor: Actor }): Promise<ApiKey> {
  return ctx.write(input.actor, async (w) => {
    const r = await w.db.selectFrom('api_keys').selectAll().where('id', '=', input.id).executeTakeFirst()
    if (!r) throw notFound('API key', input.id)
    if (r.revoked_at !== null) throw new AppError('CONFLICT', { detail: `API key ${input.id} was already revoked at ${r.revoked_at}` })
    await w.db.updateTable('api_keys').set({ revoked_at: w.at }).where('id', '=', r.id).execute()
    const before = apiKeyFromRow(r)
    const after = { ...before, revokedAt: w.at }
    w.audit({ action: 'api-key.revoked', entityType: 'api-key', entityId: r.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: null })
    return after
  })
}

/** Roles that may override a decision's hold (the approver's work). */
const OVERRIDING_ROLES: readonly ApiKeyRole[] = ['approver', 'admin']

/**
 * An override is an approver's: when the actor is an API key (`key:<id>`, as the API writes it), the
 * store checks the key's role itself (FORBIDDEN otherwise), whatever the route did; another actor (the
 * CLI's local user) is taken as the caller says.
 */
export async function assertMayOverride(db: Db, actor: string): Promise<void> {
  const m = /^key:(.+)$/.exec(actor)
  if (!m) return
  const k = await db.selectFrom('api_keys').select(['role', 'revoked_at']).where('id', '=', m[1]!).executeTakeFirst()
  if (!k || k.revoked_at !== null || !OVERRIDING_ROLES.includes(k.role as ApiKeyRole)) {
    throw new AppError('FORBIDDEN', { detail: `an override is recorded by an approver; ${actor} is ${k ? `a${k.revoked_at !== null ? ' revoked' : 'n'} ${k.role} key` : 'not a known key'}` })
  }
}

/**
 * What a person reads for the actors of audit events: `key:<id>` is the key's label (else "unlabelled <role> key": never its prefix, which is part of the secret),
 * `user:<username>` the username and role; other actors (`cli:…`, `system:…`) are readable as they are and get
 * none. One query per table for the whole list, never one per event; the raw actor stays the record.
 */
export async function actorLabels(ctx: StoreContext, actors: readonly string[]): Promise<Record<string, string>> {
  const named = (prefix: string) => [...new Set(actors.filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length)))]
  const keyIds = named('key:')
  const usernames = named('user:')
  const labels: Record<string, string> = {}
  if (keyIds.length > 0) {
    // never the key's prefix: it is part of the secret, shown to admins only (GET /v1/keys), and labels reach every reader
    for (const k of await ctx.db.selectFrom('api_keys').select(['id', 'label', 'role']).where('id', 'in', keyIds).execute()) {
      labels[`key:${k.id}`] = k.label !== null && k.label.trim() !== '' ? `${k.label} (${k.role} key)` : `unlabelled ${k.role} key`
    }
  }
  if (usernames.length > 0) {
    for (const u of await ctx.db.selectFrom('users').select(['username', 'role']).where('username', 'in', usernames).execute()) labels[`user:${u.username}`] = `${u.username} (${u.role})`
  }
  return labels
}
