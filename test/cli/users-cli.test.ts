/** `chipnav users create` says where the web UI is: the address the server takes from PORT and HOST, not a fixed one. */
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/run-cli.js'

test('users create prints the web UI address from PORT and HOST (default 127.0.0.1:8080)', () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-users-'))
  const env = { CHIPNAV_HOME: home, CHIPNAV_ACTOR: 'cli:test' }
  const custom = runCli(['users', 'create', '--username', 'officer', '--role', 'approver'], { env: { ...env, PORT: '9123' }, input: 'correct horse battery staple\n' })
  assert.equal(custom.code, 0, custom.stderr)
  assert.match(custom.stdout, /then open http:\/\/127\.0\.0\.1:9123\/ \(from PORT and HOST here, default 127\.0\.0\.1:8080; chipnav serve --port\/--host choose another\)/)
  const plain = runCli(['users', 'create', '--username', 'analyst', '--role', 'analyst'], { env: { ...env, PORT: '', HOST: '0.0.0.0' }, input: 'correct horse battery staple\n' })
  assert.equal(plain.code, 0, plain.stderr)
  assert.match(plain.stdout, /then open http:\/\/localhost:8080\//)
})
