import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { hasStackTrace, runCli } from '../helpers/run-cli.js'

describe('chipnav classify', () => {
  test('A800 gives different answers on 2023-06-01 and 2024-01-01, and says why', () => {
    const before = runCli(['classify', 'nvidia-a800', '--date', '2023-06-01'])
    const after = runCli(['classify', 'nvidia-a800', '--date', '2024-01-01'])
    assert.equal(before.code, 0, before.stderr)
    assert.equal(after.code, 0, after.stderr)
    assert.match(before.stdout, /ECCN: not 3A090/)
    assert.match(before.stdout, /I\/O \(GB\/s\) >= 600 — measured 400/)
    assert.match(before.stdout, /87 FR 62186/)
    assert.match(after.stdout, /ECCN: 3A090\.a \(3A090\.a\.1\)/)
    assert.match(after.stdout, /TPP >= 4800 — measured 4,992/)
    assert.match(after.stdout, /88 FR 73458/)
    assert.match(after.stdout, /rulesVersion: [0-9a-f]{64}/)
  })

  test('--json gives the full result object', () => {
    const r = runCli(['classify', 'nvidia-h100-sxm', '--date', '2025-06-01', '--json'])
    assert.equal(r.code, 0, r.stderr)
    const j = JSON.parse(r.stdout)
    assert.equal(j.eccn, '3A090.a')
    assert.equal(j.date, '2025-06-01')
    assert.match(j.rulesVersion, /^[0-9a-f]{64}$/)
    assert.ok(Math.abs(j.tpp - 15832) < 2)
    assert.ok(j.trace.every((s: { citation: { cfr: string; source: { citation: string } } }) => s.citation.cfr && s.citation.source.citation))
    assert.deepEqual(j.licenseExceptions.map((l: { id: string; canServe: boolean }) => [l.id, l.canServe]), [['NAC', false], ['ACA', false]])
  })

  test('--spec reads a file or standard input', () => {
    const spec = { id: 'example-x1', kind: 'chip', vendor: 'Example', model: 'X1', throughput: [{ precision: 'fp16', bitLength: 16, tops: 989.4, sparse: false }], dies: [{ areaMm2: 814, nonPlanar: true }], interconnectGBps: 900, memory: { type: 'HBM3', bandwidthGBps: 3350 }, datacenter: true, transistors: 80000000000 }
    const dir = mkdtempSync(join(tmpdir(), 'chipnav-spec-'))
    writeFileSync(join(dir, 'x1.json'), JSON.stringify(spec))
    const fromFile = runCli(['classify', '--spec', join(dir, 'x1.json'), '--date', '2024-01-01', '--json'])
    assert.equal(fromFile.code, 0, fromFile.stderr)
    assert.equal(JSON.parse(fromFile.stdout).eccn, '3A090.a')
    const fromStdin = runCli(['classify', '--spec', '-', '--date', '2024-01-01', '--json'], { input: JSON.stringify(spec) })
    assert.equal(JSON.parse(fromStdin.stdout).tpp, 989.4 * 16)
  })

  test('chips lists the catalogue with TPP, PD and the ECCN on the date', () => {
    const r = runCli(['chips', '--date', '2024-01-01'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /nvidia-h100-sxm\s+chip\s+15,831\s+19\.45\s+3A090\.a/)
    assert.match(r.stdout, /nvidia-dgx-h100\s+system\s+126,650\s+-\s+4A090\.a/)
    const j = JSON.parse(runCli(['chips', '--json', '--date', '2024-01-01']).stdout)
    assert.ok(j.chips.length >= 31)
  })
})

describe('bad input: a clear message, exit code 2, no stack trace', () => {
  const cases: { name: string; args: string[]; input?: string; stderr: RegExp }[] = [
    { name: 'unknown id suggests the closest ids', args: ['classify', 'nvidia-h100'], stderr: /UNKNOWN_CHIP.*"nvidia-h100".*did you mean "nvidia-h100-/ },
    { name: 'an id that is a word of several ids suggests every one of them, chips first', args: ['classify', 'h100'], stderr: /UNKNOWN_CHIP.*"h100".*did you mean "nvidia-h100-nvl", "nvidia-h100-pcie", "nvidia-h100-sxm", "nvidia-dgx-h100"\?/ },
    { name: 'a date that is not a date', args: ['classify', 'nvidia-h100-sxm', '--date', '2024-1-01'], stderr: /INVALID_DATE.*--date "2024-1-01" is not a date: expected YYYY-MM-DD/ },
    { name: 'a date written YYYY-MM-DD that is not a calendar day says so', args: ['classify', 'nvidia-h100-sxm', '--date', '2026-02-31'], stderr: /INVALID_DATE: --date "2026-02-31" is not a real calendar date\n {2}--date: 2026-02-31 is not a real calendar date: February 2026 has 28 days/ },
    { name: 'a month that does not exist', args: ['classify', 'nvidia-h100-sxm', '--date', '2024-13-01'], stderr: /--date: 2024-13-01 is not a real calendar date: there is no month 13/ },
    { name: 'a date in another format', args: ['classify', 'nvidia-h100-sxm', '--date', '01/06/2024'], stderr: /INVALID_DATE/ },
    { name: 'a date before 2022-10-07', args: ['classify', 'nvidia-h100-sxm', '--date', '2022-10-06'], stderr: /RULE_NOT_IN_FORCE.*2022-10-06.*2022-10-07/ },
    { name: 'a spec with a wrong type and an unknown field', args: ['classify', '--spec', '-'], input: '{"id":"x","kind":"chip","throughput":[{"precision":"fp16","bitLength":"16","tops":1,"sparse":false}],"colour":"red"}', stderr: /VALIDATION_FAILED[\s\S]*throughput\.0\.bitLength: expected a number, not text[\s\S]*unknown field "colour"/ },
    { name: 'a spec with an unknown precision', args: ['classify', '--spec', '-'], input: '{"id":"x","kind":"chip","throughput":[{"precision":"fp12","bitLength":12,"tops":1,"sparse":false}]}', stderr: /throughput\.0\.precision/ },
    { name: 'a spec that is not JSON', args: ['classify', '--spec', '-'], input: '{"id": ', stderr: /INVALID_JSON/ },
    { name: 'a spec file that does not exist', args: ['classify', '--spec', '/nonexistent/spec.json'], stderr: /FILE_NOT_FOUND/ },
    { name: 'neither id nor spec', args: ['classify'], stderr: /VALIDATION_FAILED.*catalogue id or --spec/ },
    { name: 'an unknown option', args: ['classify', 'nvidia-h100-sxm', '--colour'], stderr: /unknown option/ },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const r = runCli(c.args, { input: c.input })
      assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`)
      assert.match(r.stderr, c.stderr)
      assert.equal(hasStackTrace(r.stderr), false, r.stderr)
    })
  }

  test('a broken data/ is reported with file and line, exit code 1', () => {
    const r = runCli(['check-data'], { env: { CHIPNAV_DATA_DIR: '/nonexistent' } })
    assert.notEqual(r.code, 0)
    assert.equal(hasStackTrace(r.stderr), false, r.stderr)
  })
})
