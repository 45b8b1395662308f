/**
 * The API's short-lived cache of API keys and authorisations in force (src/server/read-cache.ts): a write
 * through this process is seen at once, a write elsewhere (another API process, the CLI) within the cache
 * time; unknown and revoked keys are never kept.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Authorisation } from '../../src/records/deployment-records.js'
import type { ApiKey, RecordsStore } from '../../src/records/records-store.js'
import { DEFAULT_READ_CACHE_MS, withReadCache } from '../../src/server/read-cache.js'
import { NOW, openTestApp, storeDialectsUnderTest, type TestApp } from './server-fixture.js'

/** A store that answers from two mutable maps and counts its reads. */
function fakeStore() {
  const keys = new Map<string, ApiKey>()
  let authorisations: Authorisation[] = []
  const reads = { keys: 0, authorisations: 0 }
  let writing: Promise<void> = Promise.resolve()
  const store = {
    findApiKeyByHash: async (h: string) => {
      reads.keys++
      const found = keys.get(h) ?? null // read now, answered once `writing` settles
      await writing
      return found
    },
    authorisationsInForce: async () => {
      reads.authorisations++
      return authorisations
    },
    revokeApiKey: async ({ id }: { id: string }) => {
      for (const [h, k] of keys) if (k.id === id) keys.set(h, { ...k, revokedAt: NOW })
      return keys.get('h1')!
    },
    createAuthorisation: async (a: Authorisation) => {
      authorisations = [...authorisations, a]
      return a
    },
    label: 'the store itself',
  }
  const key = (id: string, revokedAt: string | null = null): ApiKey => ({ id, role: 'analyst', label: null, keyHash: `h-${id}`, prefix: 'cnk_x', createdAt: NOW, createdBy: 'test', revokedAt })
  return { store: store as unknown as RecordsStore & { label: string }, keys, reads, key, setWriting: (p: Promise<void>) => (writing = p) }
}

describe('read cache (unit)', () => {
  test('a key is read once per cache time; another process\'s revocation is seen when it runs out, this process\'s at once', async () => {
    const f = fakeStore()
    f.keys.set('h1', f.key('k1'))
    let now = 0
    const s = withReadCache(f.store, { nowMs: () => now })
    assert.equal((await s.findApiKeyByHash('h1'))?.id, 'k1')
    assert.equal((await s.findApiKeyByHash('h1'))?.id, 'k1')
    assert.equal(f.reads.keys, 1)
    // revoked elsewhere: still the cached answer until the cache time has passed, then refused
    f.keys.set('h1', f.key('k1', NOW))
    now += DEFAULT_READ_CACHE_MS
    assert.equal((await s.findApiKeyByHash('h1'))?.revokedAt, NOW)
    assert.equal(f.reads.keys, 2)
    // a revoked key is not kept: read every time
    await s.findApiKeyByHash('h1')
    assert.equal(f.reads.keys, 3)
    // revoked through this store: forgotten at once
    f.keys.set('h2', f.key('k2'))
    await s.findApiKeyByHash('h2')
    await s.revokeApiKey({ id: 'k2', actor: 'admin' })
    assert.equal((await s.findApiKeyByHash('h2'))?.revokedAt, NOW)
  })

  test('an unknown key is looked up every time (a key created elsewhere works at once)', async () => {
    const f = fakeStore()
    const s = withReadCache(f.store, { nowMs: () => 0 })
    assert.equal(await s.findApiKeyByHash('h9'), null)
    f.keys.set('h9', f.key('k9'))
    assert.equal((await s.findApiKeyByHash('h9'))?.id, 'k9')
  })

  test('an answer read while this process revokes a key is not kept', async () => {
    const f = fakeStore()
    f.keys.set('h1', f.key('k1'))
    const s = withReadCache(f.store, { nowMs: () => 0 })
    let release!: () => void
    f.setWriting(new Promise<void>((r) => (release = r)))
    const reading = s.findApiKeyByHash('h1') // reads the key as not revoked, answers after the revocation
    await s.revokeApiKey({ id: 'k1', actor: 'admin' })
    release()
    assert.equal((await reading)?.revokedAt, null)
    assert.equal((await s.findApiKeyByHash('h1'))?.revokedAt, NOW)
  })

  test('authorisations in force: one read per date and cache time, a new one recorded here seen at once', async () => {
    const f = fakeStore()
    let now = 0
    const s = withReadCache(f.store, { nowMs: () => now })
    assert.deepEqual(await s.authorisationsInForce('2026-01-01'), [])
    assert.deepEqual(await s.authorisationsInForce('2026-01-01'), [])
    assert.equal(f.reads.authorisations, 1)
    await s.authorisationsInForce('2026-01-02')
    assert.equal(f.reads.authorisations, 2)
    await s.createAuthorisation({ id: 'auth1' } as never)
    assert.equal((await s.authorisationsInForce('2026-01-01')).length, 1)
    now += DEFAULT_READ_CACHE_MS
    await s.authorisationsInForce('2026-01-01')
    assert.equal(f.reads.authorisations, 4)
  })

  test('every other member is the store\'s own; ttlMs 0 is no cache', async () => {
    const f = fakeStore()
    assert.equal(withReadCache(f.store, { nowMs: () => 0 }).label, 'the store itself')
    assert.equal(withReadCache(f.store, { nowMs: () => 0, ttlMs: 0 }), f.store)
  })
})

describe('read cache (API)', () => {
  for (const d of storeDialectsUnderTest()) {
    describe(d.name, { skip: d.skip }, () => {
      let t: TestApp
      let now = Date.parse(NOW)
      before(async () => {
        t = await openTestApp(d, { clock: () => new Date(now), readCacheClock: () => now })
      })
      after(async () => t?.close())

      test('a key revoked by another process (the store directly) is refused once the cache time has passed', async () => {
        const { key, apiKey } = await t.store.createApiKey({ role: 'viewer', actor: 'cli:test' })
        assert.equal((await t.call('GET', '/v1/parties', { key })).statusCode, 200)
        await t.store.revokeApiKey({ id: apiKey.id, actor: 'cli:test' })
        now += DEFAULT_READ_CACHE_MS
        assert.equal((await t.call('GET', '/v1/parties', { key })).statusCode, 401)
      })
    })
  }
})
