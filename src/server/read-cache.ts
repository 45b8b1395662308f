/**
 * Two reads the API makes on nearly every request, kept for a short time per process (issue 15): the API
 * key behind a bearer hash (every /v1 request) and the recorded authorisations in force on a date (every
 * determination and access check). Without it each is one database round trip per request.
 *
 * What stays true:
 * - a write made through this store (this process: `DELETE /v1/keys/{id}`, `POST /v1/authorisations`)
 *   forgets the cached answers at once, so this process never answers from before its own write;
 * - a write made elsewhere (another API process, `chipnav keys revoke`) is seen within `ttlMs` (default 1 s):
 *   a revoked key is refused at the latest that long after the revocation commits;
 * - only keys that exist and are not revoked are kept (an unknown key is looked up every time, so a key
 *   created elsewhere works at once and a flood of wrong keys gains nothing), and at most `maxEntries`
 *   answers of each kind (the oldest dropped).
 */
import type { Authorisation } from '../records/deployment-records.js'
import type { ApiKey, RecordsStore } from '../records/records-store.js'

export const DEFAULT_READ_CACHE_MS = 1000
const DEFAULT_MAX_ENTRIES = 1000

export type ReadCacheOptions = {
  /** how long an answer is kept (0: no cache) */
  ttlMs?: number
  /** the clock, in ms */
  nowMs: () => number
  maxEntries?: number
}

/** Answers kept until `expires` (ms), the oldest dropped beyond `maxEntries`. */
class Expiring<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>()
  constructor(readonly maxEntries: number) {}

  get(key: string, now: number): V | undefined {
    const e = this.#entries.get(key)
    if (e === undefined) return undefined
    if (e.expires > now) return e.value
    this.#entries.delete(key)
    return undefined
  }

  set(key: string, value: V, expires: number): void {
    this.#entries.delete(key)
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!)
    this.#entries.set(key, { value, expires })
  }

  clear(): void {
    this.#entries.clear()
  }
}

/** The store's methods whose writes change what the cached reads answer. */
const FORGETS_KEYS: ReadonlySet<PropertyKey> = new Set(['revokeApiKey'])
const FORGETS_AUTHORISATIONS: ReadonlySet<PropertyKey> = new Set(['createAuthorisation'])

/**
 * The store with `findApiKeyByHash` and `authorisationsInForce` answered from a short-lived cache (see
 * above); every other method is the store's own. `ttlMs: 0` returns the store as it is.
 */
export function withReadCache<S extends RecordsStore>(store: S, options: ReadCacheOptions): S {
  const ttlMs = options.ttlMs ?? DEFAULT_READ_CACHE_MS
  if (ttlMs <= 0) return store
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES
  const keys = new Expiring<ApiKey>(maxEntries)
  const authorisations = new Expiring<readonly Authorisation[]>(maxEntries)
  // an answer read while a write of this process was under way may be from before it: not kept
  let generation = 0

  const findApiKeyByHash = async (keyHash: string): Promise<ApiKey | null> => {
    const now = options.nowMs()
    const hit = keys.get(keyHash, now)
    if (hit !== undefined) return hit
    const g = generation
    const key = await store.findApiKeyByHash(keyHash)
    if (key !== null && key.revokedAt === null && g === generation) keys.set(keyHash, Object.freeze(key), now + ttlMs)
    return key
  }
  const authorisationsInForce = async (date: string): Promise<Authorisation[]> => {
    const now = options.nowMs()
    const hit = authorisations.get(date, now)
    if (hit !== undefined) return [...hit]
    const g = generation
    const found = await store.authorisationsInForce(date)
    if (g === generation) authorisations.set(date, Object.freeze(found.map((a) => Object.freeze(a))), now + ttlMs)
    return [...found]
  }
  const forgetting = (method: (...a: unknown[]) => Promise<unknown>, cache: Expiring<unknown>) =>
    async (...a: unknown[]) => {
      generation++
      cache.clear()
      try {
        return await method(...a)
      } finally {
        generation++
        cache.clear()
      }
    }

  const bound = new Map<PropertyKey, unknown>()
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'findApiKeyByHash') return findApiKeyByHash
      if (prop === 'authorisationsInForce') return authorisationsInForce
      const known = bound.get(prop)
      if (known !== undefined) return known
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      // the store's methods run on the store itself (its private fields), never on the proxy
      const method = (value as (...a: unknown[]) => unknown).bind(target) as (...a: unknown[]) => Promise<unknown>
      const wrapped = FORGETS_KEYS.has(prop) ? forgetting(method, keys as Expiring<unknown>) : FORGETS_AUTHORISATIONS.has(prop) ? forgetting(method, authorisations as Expiring<unknown>) : method
      bound.set(prop, wrapped)
      return wrapped
    },
  })
}
