import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { REPO_ROOT } from '../helpers/paths.js'
import { hasStackTrace, runCli } from '../helpers/run-cli.js'

/** an empty CHIPNAV_HOME: no list snapshot, so parties are flagged as not screened */
const home = mkdtempSync(join(tmpdir(), 'chipnav-home-'))
const env = { CHIPNAV_HOME: home }

describe('chipnav check', () => {
  test('flags: the verdict and review policy first, then the reasons with their citations, then the flags', () => {
    const r = runCli(['check', '--item', 'nvidia-h100-sxm', '--qty', '8', '--to', 'MY', '--party', 'end-user:Example Cloud Sdn Bhd:MY:CN', '--date', '2024-06-01'], { env })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^LICENSE_REQUIRED — presumption of denial\n {2}8 x nvidia-h100-sxm \(3A090\.a, TPP 15,831 each\), US → MY, 2024-06-01, as-enforced\n/)
    assert.match(r.stdout, /Why:\n {2}1\. Subject to the EAR: .*\n.*\n {2}2\. A licence is required because Example Cloud Sdn Bhd \(end-user\) is headquartered.*in CN/)
    assert.match(r.stdout, /15 CFR 744\.23\(a\)\(3\)\(i\); 88 FR 73458, effective 2023-11-17 \(\+1 country-group citation\)/)
    assert.match(r.stdout, /! not screened: No list snapshot is loaded/)
    assert.match(r.stdout, /end-user: Example Cloud Sdn Bhd \(MY, HQ CN\) — not screened/)
  })

  test('without --qty the answer states the quantity it assumed (the API requires quantity); with it, nothing is assumed', () => {
    const args = ['check', '--item', 'nvidia-h100-sxm', '--to', 'AE', '--date', '2026-02-01']
    const bare = runCli(args)
    assert.equal(bare.code, 0, bare.stderr)
    assert.match(bare.stdout, /^assumed: quantity 1 \(--qty not given; give it for an answer about the real shipment\)$/m)
    assert.deepEqual(JSON.parse(runCli([...args, '--json']).stdout).assumed, { quantity: 1 })
    const given = runCli([...args, '--qty', '8', '--json'])
    assert.equal(JSON.parse(given.stdout).assumed, undefined)
    assert.doesNotMatch(runCli([...args, '--qty', '8']).stdout, /assumed:/)
  })

  test('--file with --json gives the result object', () => {
    const r = runCli(['check', '--file', join(REPO_ROOT, 'examples/h100-to-uae.json'), '--json'], { env })
    assert.equal(r.code, 0, r.stderr)
    const j = JSON.parse(r.stdout)
    assert.equal(j.verdict, 'LICENSE_REQUIRED')
    assert.equal(j.reviewPolicy, 'presumption-of-denial') // the end user's ultimate parent is in China
    // and the answer says so: AE alone would be a presumption of approval
    assert.ok(j.reasons.some((r: { text: string }) => /Example Cloud LLC \(end-user\) is headquartered, or has its ultimate parent headquartered, in CN .*review policy/.test(r.text)), JSON.stringify(j.reasons))
    assert.equal(j.date, '2024-06-01')
    assert.match(j.rulesVersion, /^[0-9a-f]{64}$/)
    assert.ok(j.reasons.every((x: { citations: unknown[] }) => x.citations.length > 0))
  })

  test('--file - reads standard input; --regime as-published', () => {
    const tx = JSON.stringify({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'IN' })
    const enforced = JSON.parse(runCli(['check', '--file', '-', '--json'], { env, input: tx }).stdout)
    const published = JSON.parse(runCli(['check', '--file', '-', '--json', '--regime', 'as-published'], { env, input: tx }).stdout)
    assert.equal(enforced.verdict, 'NLR')
    assert.equal(published.verdict, 'LICENSE_EXCEPTION')
    assert.deepEqual(published.licenseExceptions.map((e: { id: string }) => e.id), ['LPP'])
    assert.ok(enforced.flags.some((f: { id: string }) => f.id === 'regime-difference'))
  })
})

describe('chipnav diff and timeline', () => {
  test('diff shows the A800 turning point and the rule that changed it', () => {
    const r = runCli(['diff', '--file', join(REPO_ROOT, 'examples/a800-to-china.json'), '--dates', '2023-06-01,2023-12-01'], { env })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /2023-06-01 {2}NLR/)
    assert.match(r.stdout, /2023-12-01 {2}LICENSE_REQUIRED \(presumption-of-denial\) {2}item 3A090\.a {3}<- changed/)
    assert.match(r.stdout, /changed by .*effective 2023-11-17/)
  })

  test('diff shows the H20 turning point', () => {
    const j = JSON.parse(runCli(['diff', '--file', join(REPO_ROOT, 'examples/h20-to-china.json'), '--dates', '2025-03-01,2025-05-01', '--json'], { env }).stdout)
    assert.deepEqual(j.dates.map((d: { verdict: string }) => d.verdict), ['NLR', 'LICENSE_REQUIRED'])
    assert.ok(j.dates[1].changedBy.some((c: { ruleId: string; effective: string }) => c.ruleId === 'policies.letters.nvidia-h20-2025-04-09' && c.effective === '2025-04-09'))
  })

  test('timeline lists the dated events with their sources', () => {
    const r = runCli(['timeline', '--from', '2025-01-01', '--to', '2025-12-31'], { env })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /2025-04-09 {2}Is-informed letter: H20/)
    assert.doesNotMatch(r.stdout, /^2024-/m)
  })
})

describe('chipnav check-access', () => {
  test('--access-from sets where the person receives the release: an export to CN, and the header names what is released', () => {
    const file = join(REPO_ROOT, 'examples/deemed-export-cn.json')
    const inUs = runCli(['check-access', '--file', file], { env })
    assert.equal(inUs.code, 0, inUs.stderr)
    assert.match(inUs.stdout, /^NLR /)
    assert.match(inUs.stdout, /\nReleased: ECCN 3E001 technology for the NVIDIA H100 SXM5 80GB \(3A090\.a\)\n/)
    const fromCn = runCli(['check-access', '--file', file, '--access-from', 'cn'], { env })
    assert.equal(fromCn.code, 0, fromCn.stderr)
    assert.match(fromCn.stdout, /^LICENSE_REQUIRED/)
    assert.match(fromCn.stdout, /an export from the United States to CN/)
    const bad = runCli(['check-access', '--file', file, '--access-from', 'China'], { env })
    assert.equal(bad.code, 2, bad.stderr)
    assert.match(bad.stderr, /INVALID_COUNTRY[\s\S]*where\.accessFrom/)
  })
})

describe('bad input to check, check-access and diff: exit 2, a message naming the field, no stack trace', () => {
  const cases: { name: string; args: string[]; input?: string; stderr: RegExp }[] = [
    { name: 'no item', args: ['check', '--to', 'CN'], stderr: /--item/ },
    { name: 'no destination', args: ['check', '--item', 'nvidia-h100-sxm'], stderr: /--to <CC> is required/ },
    { name: 'a bad quantity', args: ['check', '--item', 'nvidia-h100-sxm', '--to', 'CN', '--qty', 'eight'], stderr: /--qty "eight"/ },
    { name: 'a country name', args: ['check', '--item', 'nvidia-h100-sxm', '--to', 'China'], stderr: /INVALID_COUNTRY[\s\S]*to: "China" is not a two-letter country code: China is CN/ },
    { name: 'a bad party', args: ['check', '--item', 'nvidia-h100-sxm', '--to', 'CN', '--party', 'buyer-only'], stderr: /--party\[0\]/ },
    { name: 'a bad role', args: ['check', '--item', 'nvidia-h100-sxm', '--to', 'CN', '--party', 'boss:X:CN'], stderr: /parties\.0\.role/ },
    { name: 'a bad regime', args: ['check', '--item', 'nvidia-h100-sxm', '--to', 'CN', '--regime', 'strict'], stderr: /--regime/ },
    { name: 'an unknown chip', args: ['check', '--item', 'nvidia-h1000', '--to', 'CN'], stderr: /UNKNOWN_CHIP[\s\S]*item\.chip: "nvidia-h1000" is not a catalogue id/ },
    { name: 'a transaction with an unknown field', args: ['check', '--file', '-'], input: '{"date":"2024-06-01","item":{"chip":"nvidia-h100-sxm"},"quantity":1,"to":"CN","price":1}', stderr: /unknown field "price"/ },
    { name: 'a transaction that is not JSON', args: ['check', '--file', '-'], input: '{', stderr: /INVALID_JSON/ },
    { name: 'diff with a bad date', args: ['diff', '--file', join(REPO_ROOT, 'examples/a800-to-china.json'), '--dates', '2023-06-01,2023-13-01'], stderr: /INVALID_DATE.*2023-13-01/ },
    { name: 'an access check given to check', args: ['check', '--file', join(REPO_ROOT, 'examples/deemed-export-cn.json')], stderr: /--file holds an access check \(who, what, where\), not a transaction: check it with chipnav check-access --file/ },
    { name: 'a transaction given to check-access', args: ['check-access', '--file', join(REPO_ROOT, 'examples/h100-to-uae.json')], stderr: /--file holds a transaction \(item, quantity, to\), not an access check: check it with chipnav check --file/ },
    { name: 'an access check given to diff', args: ['diff', '--file', join(REPO_ROOT, 'examples/tenant-h100-malaysia.json'), '--dates', '2025-01-01,2025-06-01'], stderr: /chipnav check-access/ },
    { name: 'diff with one date', args: ['diff', '--file', join(REPO_ROOT, 'examples/a800-to-china.json'), '--dates', '2023-06-01'], stderr: /at least two dates/ },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const r = runCli(c.args, { env, input: c.input })
      assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`)
      assert.match(r.stderr, c.stderr)
      assert.equal(hasStackTrace(r.stderr), false, r.stderr)
    })
  }
})

test('chipnav certifications lists the statements in force on a date (the ids check --certify takes), none before the policy', () => {
  const text = runCli(['certifications', '--date', '2026-02-01'], { env })
  assert.match(text.stdout, /^us-supply-sufficient {2}/m)
  assert.match(text.stdout, /^independent-us-testing {2}/m)
  // --quiet only silences standard error (README output convention): the statements and citations stay on stdout
  assert.equal(runCli(['certifications', '--date', '2026-02-01', '--quiet'], { env }).stdout, text.stdout)
  assert.match(text.stdout, /us-supply-sufficient {2}\(policies\.[^)]+\)\n {4}\S.*\n {4}15 CFR 742\.6/)
  assert.match(text.stdout, /\nrulesVersion [0-9a-f]{64}\n$/)
  // review F9: the statement the primary text read does not confirm is marked, with why; a confirmed one is not
  assert.match(text.stdout, /china-shipments-within-50-percent {2}\(policies\.[^)]+\)\n {4}\S.*\n {4}15 CFR 742\.6\S* 91 FR 1684 \(unverified\)\n {4}unverified: .*regulations\.md/)
  assert.match(text.stdout, /us-supply-sufficient {2}\(policies\.[^)]+\)\n {4}\S.*\n {4}15 CFR 742\.6\S* 91 FR 1684\n/)
  const before = runCli(['certifications', '--date', '2025-02-01'], { env })
  assert.equal(before.code, 0)
  assert.match(before.stdout, /No policy in force on 2025-02-01 asks for a certification/)
  const bad = runCli(['certifications', '--date', '2025-02-30'], { env })
  assert.equal(bad.code, 2)
  assert.ok(!hasStackTrace(bad.stderr))
})

test('check --eccn 3A090.c before 2024-12-02: exit 2, and the message answers (review F16)', () => {
  const r = runCli(['check', '--eccn', '3A090.c', '--to', 'CN', '--date', '2024-11-15', '--qty', '1'], { env })
  assert.equal(r.code, 2)
  assert.equal(r.stdout, '')
  assert.match(r.stderr, /^error RULE_NOT_IN_FORCE: 3A090\.c did not exist on 2024-11-15: it was created effective 2024-12-02 \(89 FR 96790\)\. Before then such an item fell under other CCL entries/)
  assert.ok(!hasStackTrace(r.stderr))
})
