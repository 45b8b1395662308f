/** Named users in the store (issue 12) on every dialect under test: created audited, names unique and case-folded, sign-in counters and sessions. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { storeDialectsUnderTest } from './dialects-under-test.js'

for (const dialect of storeDialectsUnderTest()) {
  test(`users and sessions (${dialect.name})`, { skip: dialect.skip }, async () => {
    const opened = await dialect.open({ now: () => '2026-12-07T10:00:00.000Z' })
    const store = opened.store
    try {
      const u = await store.createUser({ username: 'Officer', role: 'approver', passwordHash: 'scrypt$x', actor: 'cli:test' })
      assert.equal(u.username, 'officer')
      await assert.rejects(store.createUser({ username: 'OFFICER', role: 'viewer', passwordHash: 'scrypt$y', actor: 'cli:test' }), /taken/)
      await assert.rejects(store.createUser({ username: 'a b', role: 'viewer', passwordHash: 'scrypt$y', actor: 'cli:test' }), /not valid/)
      assert.equal((await store.findUserByUsername(' officer '))?.passwordHash, 'scrypt$x')
      assert.equal((await store.listUsers()).items.length, 1)
      assert.deepEqual(await store.recordSignInFailure({ userId: u.id, lockedUntil: null }), { failedCount: 1, lockedUntil: null })
      assert.deepEqual(await store.recordSignInFailure({ userId: u.id, lockedUntil: '2026-12-07T10:15:00.000Z' }), { failedCount: 2, lockedUntil: '2026-12-07T10:15:00.000Z' })
      await store.clearSignInFailures(u.id)
      assert.deepEqual(await store.signInState(u.id), { failedCount: 0, lockedUntil: null })
      await store.createSession({ tokenHash: 'a'.repeat(64), userId: u.id, csrfToken: 'csrf', createdAt: '2026-12-07T10:00:00.000Z', expiresAt: '2026-12-07T18:00:00.000Z' })
      assert.equal((await store.findSession('a'.repeat(64)))?.user.username, 'officer')
      await store.deleteSession('a'.repeat(64))
      assert.equal(await store.findSession('a'.repeat(64)), null)
      const events = await store.listAuditEvents({ entityType: 'user' })
      assert.deepEqual(events.items.map((e) => [e.action, e.actor]), [['user.created', 'cli:test']])
      assert.equal((await store.verifyAudit()).ok, true, 'sign-in counters and sessions are outside the chain; the user row is in it')
    } finally {
      await opened.cleanup()
    }
  })
}
