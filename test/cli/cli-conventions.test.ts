/**
 * The output convention (issue 15): every command takes --json and --quiet, or is exempt for a stated
 * reason (OUTPUT_CONVENTION_EXEMPT in src/cli/program.ts); read commands' --json parses as JSON; data lives
 * where src/shared/chipnav-home.ts says, so lists imported in one folder are found from another.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { buildProgram, leafCommands, OUTPUT_CONVENTION_EXEMPT } from '../../src/cli/program.js'
import { REPO_ROOT } from '../helpers/paths.js'
import { runCli } from '../helpers/run-cli.js'

const scratch = mkdtempSync(join(tmpdir(), 'chipnav-conventions-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

describe('--json and --quiet on every command', () => {
  test('each command accepts both, or is exempt with a reason', async () => {
    const leaves = leafCommands(await buildProgram())
    assert.ok(leaves.length > 25, `found ${leaves.length} commands`)
    const missing: string[] = []
    for (const { name, command } of leaves) {
      if (name in OUTPUT_CONVENTION_EXEMPT) continue
      for (const flag of ['--json', '--quiet']) if (!command.options.some((o) => o.long === flag)) missing.push(`${name} ${flag}`)
    }
    assert.deepEqual(missing, [])
    const names = new Set(leaves.map((l) => l.name))
    for (const [name, reason] of Object.entries(OUTPUT_CONVENTION_EXEMPT)) {
      assert.ok(names.has(name), `the exemption names a command that exists: ${name}`)
      assert.ok(reason.length > 20, `${name} says why it is exempt`)
    }
  })

  test('read commands print JSON that parses with --json', () => {
    const env = { CHIPNAV_HOME: join(scratch, 'home-json') }
    const samples = [
      ['classify', 'nvidia-a800', '--date', '2024-01-01'],
      ['chips', '--date', '2024-01-01'],
      ['timeline'],
      ['red-flags', '--date', '2025-06-01'],
      ['certifications', '--date', '2026-02-01'],
      ['match', 'Huawei Technologies', 'Huawei Tech Co'],
      ['lists', 'status'],
      ['keys', 'list'],
      ['check-data'],
    ]
    assert.equal(runCli(['migrate'], { env }).code, 0, 'keys list reads a database: created here (a reading command creates none)')
    for (const args of samples) {
      const r = runCli([...args, '--json'], { env })
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
      assert.doesNotThrow(() => JSON.parse(r.stdout), `${args.join(' ')} --json prints JSON`)
    }
  })

  test('with --json an error is a JSON document on standard output too (code, message, exit code, the fields), besides its line on standard error', () => {
    const env = { CHIPNAV_HOME: join(scratch, 'home-json-errors') }
    const cases: [string[], string, number, string][] = [
      [['check', '--item', 'nvidia-h100-sxm', '--to', 'UK', '--json'], 'INVALID_COUNTRY', 2, 'to'],
      [['classify', 'nvidia-h100', '--json'], 'UNKNOWN_CHIP', 2, ''],
      [['timeline', '--from', '2025-13-01', '--json'], 'INVALID_DATE', 2, '--from'],
      [['check', '--item', 'nvidia-h100-sxm', '--to', 'AE', '--qty', 'abc', '--json', '--quiet'], 'VALIDATION_FAILED', 2, '--qty'],
    ]
    for (const [args, code, exit, path] of cases) {
      const r = runCli(args, { env })
      assert.equal(r.code, exit, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, new RegExp(`^error ${code}: `), 'the error line stays on standard error')
      const doc = JSON.parse(r.stdout) as { error: { code: string; exitCode: number; message: string; issues?: { path: string; message: string }[] } }
      assert.equal(doc.error.code, code, r.stdout)
      assert.equal(doc.error.exitCode, exit)
      assert.ok(doc.error.message.length > 0)
      if (path !== '') assert.ok(doc.error.issues?.some((i) => i.path === path), r.stdout)
    }
    // without --json, standard output stays empty
    assert.equal(runCli(['classify', 'nvidia-h100'], { env }).stdout, '')
    // a usage mistake commander finds (an unknown option) is bad input too: the error, a one-line hint (not the whole
    // help burying it), exit 2, and with --json the same JSON document
    const usage = runCli(['check', '--item', 'nvidia-h100-sxm', '--to', 'AE', '--colour', 'red', '--json'], { env })
    assert.equal(usage.code, 2)
    assert.match(usage.stderr, /^error: unknown option '--colour'\n/)
    assert.doesNotMatch(usage.stderr, /Usage:/)
    assert.match(usage.stderr, /--help/)
    const doc = JSON.parse(usage.stdout) as { error: { code: string; exitCode: number; message: string } }
    assert.deepEqual([doc.error.code, doc.error.exitCode], ['VALIDATION_FAILED', 2])
    assert.match(doc.error.message, /unknown option '--colour'/)
    const missing = runCli(['deployments', 'add', '--country', 'MY'], { env })
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /^error: required option '--operator <name>' not specified\n/)
    assert.doesNotMatch(missing.stderr, /Usage:/)
    assert.equal(missing.stdout, '')
  })

  test('--quiet keeps the answer and errors, and drops notes and warnings', () => {
    const env = { CHIPNAV_HOME: join(scratch, 'home-quiet') }
    const loud = runCli(['classify', 'nvidia-a800', '--date', '2024-01-01'], { env })
    const quiet = runCli(['classify', 'nvidia-a800', '--date', '2024-01-01', '--quiet'], { env })
    assert.equal(quiet.code, 0)
    assert.equal(quiet.stdout, loud.stdout)
    const bad = runCli(['classify', 'no-such-chip', '--quiet'], { env })
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /^error UNKNOWN_CHIP/)
    // an import's notes go to standard output with the answer; the DPL's stale-list warning on screen goes to standard error
    const imported = runCli(['lists', 'import', join(REPO_ROOT, 'test/fixtures/lists/dpl.txt'), '--json'], { env })
    assert.equal(imported.code, 0, imported.stderr)
    const screenLoud = runCli(['screen', 'Nobody In Particular', '--max-list-age', '1'], { env })
    const screenQuiet = runCli(['screen', 'Nobody In Particular', '--max-list-age', '1', '--quiet'], { env })
    assert.equal(screenQuiet.code, screenLoud.code)
    assert.match(screenLoud.stderr + screenLoud.stdout, /stale list/i)
    assert.equal(screenQuiet.stderr, '')
  })
})

describe('where data lives', () => {
  test('without CHIPNAV_HOME, lists imported in one folder are found from another (the per-user folder)', () => {
    const user = join(scratch, 'user-data')
    const a = join(scratch, 'folder-a')
    const b = join(scratch, 'folder-b')
    mkdirSync(a)
    mkdirSync(b)
    const env = { CHIPNAV_HOME: '', XDG_DATA_HOME: user }
    const imported = runCli(['lists', 'import', join(REPO_ROOT, 'test/fixtures/lists/dpl.txt')], { env, cwd: a })
    assert.equal(imported.code, 0, imported.stderr)
    const status = runCli(['lists', 'status', '--json'], { env, cwd: b })
    assert.equal(status.code, 0, status.stderr)
    const out = JSON.parse(status.stdout) as { home: string; snapshots: Array<{ source: string }> }
    assert.equal(out.home, join(user, 'chipnav'))
    assert.deepEqual(out.snapshots.map((s) => s.source), ['dpl'])
    const doctor = runCli(['doctor', '--json'], { env, cwd: b })
    const d = JSON.parse(doctor.stdout) as { home: { path: string; reason: string } }
    assert.deepEqual(d.home, { ...d.home, path: join(user, 'chipnav'), reason: 'user' })
    // a ./.chipnav in the working directory still wins, as before
    mkdirSync(join(b, '.chipnav'))
    const local = JSON.parse(runCli(['doctor', '--json'], { env, cwd: b }).stdout) as { home: { path: string; reason: string } }
    assert.deepEqual([local.home.path, local.home.reason], [join(b, '.chipnav'), 'cwd'])
  })
})
