/**
 * Issue 9, part A: `chipnav check` for people (verdict, policy and the deciding reasons first; red-flag
 * questions counted and grouped; flags naming their source), `--verbose`, `--json` additions,
 * `--exit-code`, `--certify` / `--red-flag`, and INVALID_COUNTRY from `check` and `screen`.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { hasStackTrace, runCli } from '../helpers/run-cli.js'

/** an empty CHIPNAV_HOME: no list snapshot, so parties are flagged as not screened */
const home = mkdtempSync(join(tmpdir(), 'chipnav-home-'))
const env = { CHIPNAV_HOME: home }
const check = (...args: string[]) => runCli(['check', ...args], { env })

describe('check: readable output', () => {
  // H200 to China on 2026-02-01: two NVIDIA letters' equivalence clauses both reach it
  const args = ['--item', 'nvidia-h200', '--to', 'CN', '--date', '2026-02-01']

  test('red-flag questions are counted and grouped by their source, not listed', () => {
    const r = check(...args)
    assert.equal(r.code, 0, r.stderr)
    const m = /\? (\d+) red-flag questions unanswered \((\d+) from BIS guidance, 2025-05-13; (\d+) from 15 CFR part 732, supp\. no\. 3\): `chipnav red-flags --date 2026-02-01` lists them/.exec(r.stdout)
    assert.ok(m, r.stdout)
    assert.equal(Number(m[1]), Number(m[2]) + Number(m[3]))
    assert.doesNotMatch(r.stdout, /kyc-reluctant-end-use/) // ids only with --verbose
    assert.ok(r.stdout.split('\n').length < 30, `short: ${r.stdout.split('\n').length} lines`)
  })

  test('each flag names its source; flags from two letters with different thresholds are told apart', () => {
    const r = check(...args)
    const sources = [...r.stdout.matchAll(/! possible coverage: .*\n {6}source: (.*)/g)].map((x) => x[1])
    assert.equal(sources.length, 2, r.stdout)
    assert.match(sources[0]!, /letter of 2022-08-26 \(NVIDIA Form 8-K, 2022-08-31\)/)
    assert.match(sources[1]!, /letter of 2025-04-09 \(NVIDIA Form 8-K, 2025-04-15\), as read from 2025-07-14/)
    assert.match(r.stdout, /! condition: Case-by-case review requires the exporter's .*\n {6}source: rule of 2026-01-15 \(91 FR 1684\)/)
  })

  test('unverified data entries are named once, in one line', () => {
    const r = check(...args)
    assert.match(r.stdout, /~ unverified: the answer relies on 4 data entries not checked against the primary text: policies\.subject-to-ear, country-groups\.d4, country-groups\.a5, country-groups\.a6/)
    assert.equal((r.stdout.match(/could not be verified/g) ?? []).length, 0)
  })

  test('--verbose: every citation, every flag with its citations, every unanswered id', () => {
    const r = check(...args, '--verbose')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /\[15 CFR part 740, supp\. no\. 1, Country Group D:5; /)
    assert.match(r.stdout, /kyc-reluctant-end-use, /)
    assert.equal((r.stdout.match(/could not be verified/g) ?? []).length, 4) // the EAR question (15 CFR 734) and three country groups
    assert.match(r.stdout, /rulesVersion [0-9a-f]{64}/)
  })

  test('--json: the same result, with each flag\'s source and the unanswered ids added', () => {
    const j = JSON.parse(check(...args, '--json').stdout)
    const coverage = j.flags.filter((f: { kind: string }) => f.kind === 'possible-coverage')
    assert.deepEqual(coverage.map((f: { source: { id: string } }) => f.source.id), ['letter-2022-08-26-nvidia', 'letter-2025-04-09-nvidia-h20'])
    assert.ok(coverage.every((f: { citations: unknown[] }) => f.citations.length > 0))
    const unanswered = j.flags.find((f: { kind: string }) => f.kind === 'unanswered-red-flags')
    assert.ok(unanswered.questions.includes('kyc-reluctant-end-use'))
    assert.match(unanswered.text, new RegExp(`^${unanswered.questions.length} red-flag questions in force on 2026-02-01 are unanswered`))
    for (const k of ['date', 'regime', 'verdict', 'licenseExceptions', 'reviewPolicy', 'reasons', 'flags', 'item', 'quantity', 'from', 'to', 'toTreatedAs', 'parties', 'listSnapshots', 'rulesVersion']) assert.ok(k in j, k)
  })
})

describe('check --exit-code', () => {
  const cases: { name: string; args: string[]; code: number; first: RegExp }[] = [
    { name: 'NLR → 0', args: ['--item', 'nvidia-h100-sxm', '--to', 'DE', '--date', '2025-06-01'], code: 0, first: /^NLR\n/ },
    { name: 'LICENSE_EXCEPTION → 0', args: ['--item', 'nvidia-h100-sxm', '--to', 'IN', '--date', '2025-06-01', '--regime', 'as-published'], code: 0, first: /^LICENSE_EXCEPTION — licence exception LPP\n/ },
    { name: 'LICENSE_REQUIRED → 3', args: ['--eccn', '3A090.a', '--to', 'CN', '--date', '2025-06-01'], code: 3, first: /^LICENSE_REQUIRED — presumption of denial\n/ },
    { name: 'PROHIBITED → 4', args: ['--item', 'huawei-ascend-910b', '--to', 'DE', '--date', '2025-06-01'], code: 4, first: /^PROHIBITED\n/ },
    { name: 'classification undetermined → 5', args: ['--item', 'amd-mi308x', '--to', 'CN', '--date', '2025-08-01'], code: 5, first: /^LICENSE_REQUIRED .*\n.*classification undetermined/ },
    { name: 'parties not screened → 5', args: ['--item', 'nvidia-h100-sxm', '--to', 'DE', '--date', '2025-06-01', '--party', 'end-user:Example GmbH:DE'], code: 5, first: /^NLR\n/ },
    { name: 'PROHIBITED with unscreened parties → 4', args: ['--item', 'huawei-ascend-910b', '--to', 'DE', '--date', '2025-06-01', '--party', 'end-user:Example GmbH:DE'], code: 4, first: /^PROHIBITED\n/ },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const r = check(...c.args, '--exit-code')
      assert.equal(r.code, c.code, r.stderr || r.stdout)
      assert.match(r.stdout, c.first)
    })
  }

  test('without --exit-code the exit code stays 0 for any answer', () => {
    assert.equal(check('--eccn', '3A090.a', '--to', 'CN', '--date', '2025-06-01').code, 0)
    assert.equal(check('--item', 'huawei-ascend-910b', '--to', 'DE', '--date', '2025-06-01').code, 0)
  })

  test('bad input still exits 2 with --exit-code; --help documents the codes', () => {
    assert.equal(check('--item', 'nvidia-h100-sxm', '--to', 'UK', '--exit-code').code, 2)
    const help = check('--help').stdout
    assert.match(help, /--exit-code/)
    assert.match(help, /3 {2}LICENSE_REQUIRED/)
    assert.match(help, /5 {2}undetermined/)
  })
})

describe('check --certify and --red-flag', () => {
  const h200 = ['--item', 'nvidia-h200', '--to', 'CN', '--date', '2026-02-01', '--json']

  test('certifications given as options reach the determination', () => {
    const none = JSON.parse(check(...h200).stdout)
    const all = JSON.parse(check(...h200, ...['commercially-available-in-us', 'us-supply-sufficient', 'china-shipments-within-50-percent', 'us-units-disclosed', 'no-foundry-diversion', 'recipient-security-procedures', 'independent-us-testing'].flatMap((c) => ['--certify', c])).stdout)
    assert.ok(none.flags.some((f: { id: string }) => f.id === 'china-case-by-case-certifications'))
    assert.ok(!all.flags.some((f: { id: string }) => f.id === 'china-case-by-case-certifications'))
    assert.notEqual(all.reviewPolicy, none.reviewPolicy)
    // the same ids separated by commas in one option give the same answer
    const commas = JSON.parse(check(...h200, '--certify', 'commercially-available-in-us,us-supply-sufficient, china-shipments-within-50-percent', '--certify', 'us-units-disclosed,no-foundry-diversion,recipient-security-procedures,independent-us-testing').stdout)
    assert.equal(commas.reviewPolicy, all.reviewPolicy)
    assert.deepEqual(commas.reasons, all.reasons)
  })

  test('red-flag answers given as options: a "yes" raises the flag, answered questions are no longer counted', () => {
    const before = JSON.parse(check(...h200).stdout).flags.find((f: { kind: string }) => f.kind === 'unanswered-red-flags').questions.length
    const j = JSON.parse(check(...h200, '--red-flag', 'kyc-reluctant-end-use=yes', '--red-flag', 'kyc-vague-delivery=no').stdout)
    assert.ok(j.flags.some((f: { kind: string; id: string }) => f.kind === 'red-flag' && f.id === 'kyc-reluctant-end-use'))
    assert.equal(j.flags.find((f: { kind: string }) => f.kind === 'unanswered-red-flags').questions.length, before - 2)
  })

  test('with --file the options add to the file\'s answers and certifications', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipnav-tx-'))
    const file = join(dir, 'tx.json')
    writeFileSync(file, JSON.stringify({ date: '2026-02-01', item: { chip: 'nvidia-h200' }, quantity: 1, to: 'CN', answers: { 'kyc-vague-delivery': 'no' }, certifications: ['us-supply-sufficient'] }))
    const j = JSON.parse(check('--file', file, '--json', '--red-flag', 'kyc-reluctant-end-use=yes', '--certify', 'no-foundry-diversion').stdout)
    const missing = j.flags.find((f: { id: string }) => f.id === 'china-case-by-case-certifications').text
    assert.doesNotMatch(missing, /us-supply-sufficient|no-foundry-diversion/)
    assert.ok(j.flags.some((f: { id: string }) => f.id === 'kyc-reluctant-end-use'))
    const contradiction = check('--file', file, '--red-flag', 'kyc-vague-delivery=yes')
    assert.equal(contradiction.code, 2)
    assert.match(contradiction.stderr, /contradicts the transaction's answer "no"/)
  })

  const bad: [string, string[], RegExp][] = [
    ['an unknown red-flag id', ['--red-flag', 'kyc-nonexistent=no'], /no red-flag question has the id "kyc-nonexistent"[\s\S]*--red-flag\[0\]/],
    ['a red-flag answer that is not yes/no', ['--red-flag', 'kyc-vague-delivery=maybe'], /<id>=yes\|no/],
    ['an unknown certification', ['--certify', 'trust-me'], /VALIDATION_FAILED: --certify: no policy in the rules data asks for the certification "trust-me"[\s\S]*--certify\[0\]: expected one of .*us-supply-sufficient/],
  ]
  for (const [name, args, stderr] of bad) {
    test(`${name}: exit 2, the option named`, () => {
      const r = check('--item', 'nvidia-h200', '--to', 'CN', '--date', '2026-02-01', ...args)
      assert.equal(r.code, 2, r.stdout)
      assert.match(r.stderr, stderr)
      assert.equal(hasStackTrace(r.stderr), false)
    })
  }
})

describe('INVALID_COUNTRY from the CLI: exit 2, the field named, a suggestion where one exists', () => {
  const BAD: [code: string, says: RegExp][] = [
    ['ZZ', /"ZZ" is not a country code: ZZ is user-assigned/],
    ['UK', /use GB/],
    ['EU', /European Union, not a country/],
    ['QQ', /"QQ" is not a country code: QQ is user-assigned/],
  ]
  const fields: [field: string, args: (c: string) => string[]][] = [
    ['to', (c) => ['--to', c]],
    ['from', (c) => ['--to', 'DE', '--from', c]],
    ['parties.0.country', (c) => ['--to', 'DE', '--party', `end-user:X:${c}`]],
    ['parties.0.headquarters', (c) => ['--to', 'DE', '--party', `end-user:X:DE:${c}`]],
    ['parties.0.ultimateParentHeadquarters', (c) => ['--to', 'DE', '--party', `end-user:X:DE:DE:${c}`]],
  ]
  for (const [field, args] of fields) {
    test(`check refuses ${field} ZZ, UK, EU, QQ`, () => {
      for (const [code, says] of BAD) {
        const r = check('--item', 'nvidia-h100-sxm', '--date', '2025-06-01', '--exit-code', ...args(code))
        assert.equal(r.code, 2, `${field}=${code}: ${r.stdout}`)
        assert.equal(r.stdout, '')
        assert.match(r.stderr, new RegExp(`^error INVALID_COUNTRY: the transaction is not valid: ${field.replace(/\./g, '\\.')} "${code}"`))
        assert.match(r.stderr, says)
        assert.equal(hasStackTrace(r.stderr), false)
      }
    })
  }

  test('check --file refuses an owner country the same way', () => {
    const tx = JSON.stringify({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'DE', parties: [{ role: 'end-user', name: 'X', country: 'DE', owners: [{ name: 'O', share: 0.6, country: 'EL' }] }] })
    const r = runCli(['check', '--file', '-'], { env, input: tx })
    assert.equal(r.code, 2)
    assert.match(r.stderr, /parties\.0\.owners\.0\.country: "EL" is not a country code: .*GR/)
  })

  test('screen --country refuses ZZ, UK, EU, QQ (as POST /v1/screen does)', () => {
    for (const [code, says] of BAD) {
      const r = runCli(['screen', 'Huawei Technologies', '--country', code], { env })
      assert.equal(r.code, 2, r.stdout)
      assert.match(r.stderr, /^error INVALID_COUNTRY: --country is not valid/)
      assert.match(r.stderr, says)
    }
  })

  test('screen --batch refuses a bad country cell, naming the row (the good rows are screened: screening-cli.test.ts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chipnav-batch-'))
    const file = join(dir, 'names.csv')
    writeFileSync(file, 'name,country\nAcme,UK\n')
    const r = runCli(['screen', '--batch', file], { env })
    assert.equal(r.code, 2, r.stdout)
    assert.match(r.stderr, /INVALID_COUNTRY[\s\S]*row 2 country: "UK"[\s\S]*GB/)
  })
})

describe('check: a rule whose status is unknown (the Affiliates Rule from 2026-11-10)', () => {
  test('both outcomes are printed, and --exit-code gives 5 (undetermined)', async () => {
    const { determine } = await import('../../src/determination/determine.js')
    const { loadRules } = await import('../../src/rules/load-rules.js')
    const { buildScreener } = await import('../../src/screening/screener.js')
    const { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } = await import('../fixtures/determination-list-entries.js')
    const { formatDetermination } = await import('../../src/cli/format-determination.js')
    const { undeterminedBecause, verdictExitCode } = await import('../../src/cli/verdict-exit-code.js')
    const rules = loadRules()
    const screener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })
    const tx = { date: '2026-11-10', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'JP', parties: [{ role: 'end-user', name: 'Sakura Compute KK', country: 'JP', headquarters: 'JP', owners: [{ name: 'Huawei Technologies Co., Ltd.', share: 0.6, country: 'CN' }] }] }
    const r = determine(tx, { rules, screener })
    const text = formatDetermination(r, rules)
    assert.match(text, /^LICENSE_REQUIRED — presumption of denial\n.*\n {2}Status of policies\.affiliates-rule unknown: the answer depends on it\.\n {4}if in force \(shown\): LICENSE_REQUIRED — presumption of denial\n {4}if not in force: +NLR\n/)
    assert.match(text, /! status unknown: /)
    assert.ok(undeterminedBecause(r).some((w) => /policies\.affiliates-rule is unknown/.test(w)))
    assert.equal(verdictExitCode(r), 5)
    // the day before, the rule is known to be suspended: NLR, exit 0
    assert.equal(verdictExitCode(determine({ ...tx, date: '2026-11-09' }, { rules, screener })), 0)
  })
})
