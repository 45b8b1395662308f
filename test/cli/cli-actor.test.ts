/** Who the CLI writes as in the audit trail: CHIPNAV_ACTOR, else the OS user, also where USER is not set (cron, containers, systemd). */
import assert from 'node:assert/strict'
import { userInfo } from 'node:os'
import { test } from 'node:test'
import { cliActor } from '../../src/cli/commands/store-config.js'

test('CHIPNAV_ACTOR wins, then USER or USERNAME', () => {
  assert.equal(cliActor({ CHIPNAV_ACTOR: ' ci:nightly ', USER: 'alice' }), 'ci:nightly')
  assert.equal(cliActor({ USER: 'alice', USERNAME: 'bob' }), 'cli:alice')
  assert.equal(cliActor({ USERNAME: 'bob' }), 'cli:bob')
})

test('without USER or USERNAME (or with them empty) the CLI writes as the OS user, not cli:unknown', () => {
  const osUser = userInfo().username
  assert.equal(cliActor({}), `cli:${osUser}`)
  assert.equal(cliActor({ USER: '', USERNAME: ' ', CHIPNAV_ACTOR: '' }), `cli:${osUser}`)
})
