/** Assert an answer is RFC 9457 problem+json with this status and catalogue code; returns the problem. */
import assert from 'node:assert/strict'

export function assertProblem(r: { statusCode: number; headers: Record<string, unknown>; json(): any; body?: string }, status: number, code: string) {
  assert.equal(r.statusCode, status, r.body)
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/)
  const p = r.json()
  assert.equal(p.status, status)
  assert.equal(p.code, code)
  assert.equal(p.type, `urn:chipnav:problem:${code}`)
  for (const k of ['title', 'detail', 'instance']) assert.equal(typeof p[k], 'string', k)
  return p
}
