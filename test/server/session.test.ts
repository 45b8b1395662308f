/**
 * Named users' sessions (issue 12) through app.inject(): the cookie's attributes, the CSRF token on
 * state-changing requests, lock-out after repeated failures, expiry, sign-out, roles, the audit trail
 * naming the user, and API keys working as before.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { ApiKeyRole } from '../../src/records/records-store.js'
import { hashPassword } from '../../src/server/passwords.js'
import { SESSION_DEFAULTS } from '../../src/server/session.js'
import { openTestApp, type TestApp, type TestAppOptions } from './server-fixture.js'

const PASSWORD = 'correct horse battery'

async function appWithUsers(options: TestAppOptions = {}): Promise<TestApp> {
  const t = await openTestApp(undefined, options)
  const passwordHash = await hashPassword(PASSWORD)
  for (const [username, role] of [['officer', 'approver'], ['reader', 'viewer']] as [string, ApiKeyRole][]) {
    await t.store.createUser({ username, role, passwordHash, actor: 'cli:test' })
  }
  return t
}

const signIn = (t: TestApp, username: string, password = PASSWORD) => t.app.inject({ method: 'POST', url: '/v1/session', payload: { username, password } })
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => {
  const c = res.cookies.find((x) => x.name === 'chipnav_session')
  assert.ok(c, 'a session cookie is set')
  return `chipnav_session=${c.value}`
}

describe('sessions', () => {
  let t: TestApp
  before(async () => {
    t = await appWithUsers()
  })
  after(() => t.close())

  test('sign-in sets an httpOnly, SameSite=Strict, signed, expiring cookie and answers the CSRF token', async () => {
    const res = await signIn(t, 'Officer')
    assert.equal(res.statusCode, 200, res.body)
    const body = res.json()
    assert.equal(body.username, 'officer')
    assert.equal(body.role, 'approver')
    assert.ok(body.csrfToken.length >= 24)
    const header = String(res.headers['set-cookie'])
    assert.match(header, /HttpOnly/)
    assert.match(header, /SameSite=Strict/)
    assert.match(header, new RegExp(`Max-Age=${SESSION_DEFAULTS.ttlMs / 1000}`))
    assert.match(cookieOf(res), /^chipnav_session=[^.]+\.[^.]+$/, 'the value carries a signature')
    const who = await t.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie: cookieOf(res) } })
    assert.deepEqual(who.json().session, { username: 'officer', role: 'approver', csrfToken: body.csrfToken, expiresAt: body.expiresAt })
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/v1/session' })).json(), { session: null })
  })

  test('a state-changing request needs the CSRF token; the audit trail names the user', async () => {
    const res = await signIn(t, 'officer')
    const cookie = cookieOf(res)
    const { csrfToken } = res.json()
    const body = { name: 'Example Cloud LLC', country: 'AE' }
    const without = await t.app.inject({ method: 'POST', url: '/v1/parties', headers: { cookie }, payload: body })
    assert.equal(without.statusCode, 403)
    assert.equal(without.json().code, 'CSRF_TOKEN_INVALID')
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/parties', headers: { cookie, 'x-csrf-token': `${csrfToken}x` }, payload: body })
    assert.equal(wrong.json().code, 'CSRF_TOKEN_INVALID')
    const ok = await t.app.inject({ method: 'POST', url: '/v1/parties', headers: { cookie, 'x-csrf-token': csrfToken }, payload: body })
    assert.equal(ok.statusCode, 201, ok.body)
    const events = await t.app.inject({ method: 'GET', url: `/v1/audit?entityType=party&entityId=${ok.json().id}`, headers: { cookie } })
    assert.equal(events.json().items[0].actor, 'user:officer')
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/parties', headers: { cookie } })).statusCode, 200, 'reads need no token')
  })

  test('roles apply to users as to keys', async () => {
    const res = await signIn(t, 'reader')
    const r = await t.app.inject({ method: 'POST', url: '/v1/parties', headers: { cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken }, payload: { name: 'X', country: 'AE' } })
    assert.equal(r.statusCode, 403)
    assert.equal(r.json().code, 'FORBIDDEN')
  })

  test('a wrong password and an unknown user get the same answer; a tampered cookie is refused', async () => {
    const a = await signIn(t, 'nobody')
    const b = await signIn(t, 'reader', 'not the password')
    assert.equal(a.statusCode, 401)
    assert.equal(a.json().code, 'SIGN_IN_FAILED')
    assert.equal(b.json().code, 'SIGN_IN_FAILED')
    const cookie = cookieOf(await signIn(t, 'reader'))
    const tampered = cookie.replace(/=(.)/, (_m, c: string) => `=${c === 'A' ? 'B' : 'A'}`)
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/parties', headers: { cookie: tampered } })).statusCode, 401)
  })

  test('sign-out ends the session', async () => {
    const res = await signIn(t, 'officer')
    const cookie = cookieOf(res)
    const out = await t.app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie, 'x-csrf-token': res.json().csrfToken } })
    assert.equal(out.statusCode, 200)
    assert.match(String(out.headers['set-cookie']), /chipnav_session=;/)
    const after = await t.app.inject({ method: 'GET', url: '/v1/parties', headers: { cookie } })
    assert.equal(after.statusCode, 401)
  })

  test('API keys keep working, and /docs opens for a signed-in user', async () => {
    assert.equal((await t.call('GET', '/v1/parties', { as: 'viewer' })).statusCode, 200)
    const cookie = cookieOf(await signIn(t, 'reader'))
    assert.equal((await t.app.inject({ method: 'GET', url: '/openapi.json', headers: { cookie } })).statusCode, 200)
    assert.equal((await t.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode, 401)
  })

  test('admins create users through the API; others may not', async () => {
    const created = await t.call('POST', '/v1/users', { as: 'admin', body: { username: 'analyst1', role: 'analyst', password: 'long enough password' } })
    assert.equal(created.statusCode, 201, created.body)
    assert.equal(created.json().username, 'analyst1')
    assert.equal((await t.call('POST', '/v1/users', { as: 'admin', body: { username: 'analyst1', role: 'analyst', password: 'long enough password' } })).json().code, 'CONFLICT')
    assert.equal((await t.call('POST', '/v1/users', { as: 'admin', body: { username: 'short', role: 'analyst', password: 'short' } })).json().code, 'VALIDATION_FAILED')
    assert.equal((await t.call('POST', '/v1/users', { as: 'approver', body: { username: 'x2', role: 'admin', password: 'long enough password' } })).statusCode, 403)
    assert.equal((await signIn(t, 'analyst1', 'long enough password')).statusCode, 200)
    const verify = await t.call('GET', '/v1/audit/verify', { as: 'admin' })
    assert.equal(verify.json().ok, true, JSON.stringify(verify.json().problems))
  })
})

test('repeated failures lock the account, even against the right password', async () => {
  const t = await appWithUsers({ sessions: { maxFailures: 3 } })
  try {
    for (let i = 1; i <= 2; i++) assert.equal((await signIn(t, 'officer', 'wrong')).json().code, 'SIGN_IN_FAILED')
    const third = await signIn(t, 'officer', 'wrong')
    assert.equal(third.statusCode, 429)
    assert.equal(third.json().code, 'ACCOUNT_LOCKED')
    assert.equal((await signIn(t, 'officer')).json().code, 'ACCOUNT_LOCKED')
    assert.equal((await signIn(t, 'reader')).statusCode, 200, 'other users are not locked')
  } finally {
    await t.close()
  }
})

test('a lock ends when its time is up, and a session ends when it expires', async () => {
  const t = await appWithUsers({ sessions: { maxFailures: 1, lockMs: 0, ttlMs: 0 } })
  try {
    assert.equal((await signIn(t, 'officer', 'wrong')).json().code, 'ACCOUNT_LOCKED')
    const res = await signIn(t, 'officer')
    assert.equal(res.statusCode, 200, 'the lock of 0 ms is over')
    const r = await t.app.inject({ method: 'GET', url: '/v1/parties', headers: { cookie: cookieOf(res) } })
    assert.equal(r.statusCode, 401)
    assert.match(r.json().detail, /expired/)
  } finally {
    await t.close()
  }
})
