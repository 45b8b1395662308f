import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { computeRulesVersion, loadRules } from '../../src/rules/load-rules.js'
import { memberCitationAt, parameterAt } from '../../src/rules/parameter-at.js'
import { AppError } from '../../src/shared/errors.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const dirs: string[] = []
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const SOURCES = `fr-2023-23055:
  kind: federal-register
  title: "October 2023 rule"
  citation: 88 FR 73458
  frDocument: 2023-23055
  published: 2023-10-25
  effective: 2023-11-17
  url: https://www.federalregister.gov/documents/2023/10/25/2023-23055/
`
const UNITS = 'tpp: "total processing performance"\n'
const PARAM = `description: "3A090.a.1"
unit: tpp
comparison: ">="
reviewed: 2026-11-26
values:
  2023-11-17: { value: 4800, source: fr-2023-23055, cfr: "15 CFR 774 supp. 1, 3A090.a.1" }
`

/** A minimal valid data/ with one parameter file; `files` overrides or adds files. */
function dataDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'chipnav-data-'))
  dirs.push(dir)
  const all = { 'sources.yaml': SOURCES, 'units.yaml': UNITS, 'ccl/3a090/a1-tpp.yaml': PARAM, ...files }
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
  return dir
}

function rejects(files: Record<string, string>, code: string, where: RegExp) {
  assert.throws(
    () => loadRules({ dataDir: dataDir(files) }),
    (e: unknown) => {
      assert.ok(e instanceof AppError, 'an AppError')
      assert.equal(e.code, code)
      assert.match(e.message, where)
      return true
    },
  )
}

describe('the strict loader', () => {
  test('loads a minimal valid data/ and answers the value in force', () => {
    const rules = loadRules({ dataDir: dataDir() })
    assert.equal(parameterAt(rules, 'ccl.3a090.a1-tpp', '2023-11-16' as IsoDate), undefined)
    const v = parameterAt(rules, 'ccl.3a090.a1-tpp', '2023-11-17' as IsoDate)
    assert.equal(v?.value, 4800)
    assert.equal(v?.source.citation, '88 FR 73458')
    assert.match(rules.version, /^[0-9a-f]{64}$/)
    // answers are remembered per loaded rules and date, and frozen since callers share them
    assert.equal(parameterAt(rules, 'ccl.3a090.a1-tpp', '2023-11-17' as IsoDate), v)
    assert.ok(Object.isFrozen(v))
    assert.equal(parameterAt(rules, 'ccl.3a090.a1-tpp', '2023-11-16' as IsoDate), undefined)
    // another load of the same data is a separate set of answers
    assert.notEqual(parameterAt(loadRules({ dataDir: dataDir() }), 'ccl.3a090.a1-tpp', '2023-11-17' as IsoDate), v)
  })

  test('rejects a value without a citation, naming file and line', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace(', source: fr-2023-23055', '') }, 'DATA_CITATION_MISSING', /ccl\/3a090\/a1-tpp\.yaml:6/)
  })

  test('a licence exception restriction must name existing requirements as its exemptions', () => {
    const restriction = (exempt: string) => `description: "740.8(b)"
unit: license-exception-restriction
reviewed: 2026-12-07
values:
  2023-11-17: { value: { exceptions: [NAC], exemptRequirements: [${exempt}] }, source: fr-2023-23055, cfr: "15 CFR 740.8(b)" }
`
    const units = UNITS + 'license-exception-restriction: "restriction"\n'
    rejects({ 'units.yaml': units, 'policies/license-exceptions/restriction.yaml': restriction('policies.no-such-rule') }, 'DATA_UNKNOWN_REFERENCE', /restriction\.yaml:5: requirement "policies\.no-such-rule"/)
    const rules = loadRules({ dataDir: dataDir({ 'units.yaml': units, 'policies/license-exceptions/restriction.yaml': restriction('ccl.3a090.a1-tpp') }) })
    assert.deepEqual(parameterAt(rules, 'policies.license-exceptions.restriction', '2023-11-17' as IsoDate)?.value, { exceptions: ['NAC'], exemptRequirements: ['ccl.3a090.a1-tpp'] })
  })

  test('rejects a value without its CFR paragraph', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace(', cfr: "15 CFR 774 supp. 1, 3A090.a.1"', '') }, 'DATA_CITATION_MISSING', /a1-tpp\.yaml:6/)
  })

  test('rejects a duplicate date, naming the line of the second one', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': `${PARAM}  2023-11-17: { value: 4900, source: fr-2023-23055, cfr: "x" }\n` }, 'DATA_DUPLICATE_DATE', /a1-tpp\.yaml:7/)
  })

  test('rejects an unknown key', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('reviewed:', 'threshold: 1\nreviewed:') }, 'DATA_UNKNOWN_KEY', /a1-tpp\.yaml:4.*"threshold"/)
  })

  test('rejects an unknown key inside a dated value', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('value: 4800,', 'value: 4800, valu: 1,') }, 'DATA_UNKNOWN_KEY', /a1-tpp\.yaml:6.*"valu"/)
  })

  test('rejects a date key that is not ISO', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('2023-11-17:', '2023-11-7:') }, 'DATA_BAD_DATE', /a1-tpp\.yaml:6.*2023-11-7/)
  })

  test('rejects an impossible calendar date', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('2023-11-17:', '2023-02-30:') }, 'DATA_BAD_DATE', /2023-02-30/)
  })

  test('rejects a citation to an unknown source', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('source: fr-2023-23055', 'source: fr-1999-0001') }, 'DATA_UNKNOWN_SOURCE', /a1-tpp\.yaml:6.*fr-1999-0001/)
  })

  test('rejects a unit missing from units.yaml', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('unit: tpp', 'unit: flops') }, 'DATA_UNKNOWN_UNIT', /a1-tpp\.yaml:2/)
  })

  test('rejects a value that takes effect before its source was published, unless marked retroactive', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('2023-11-17:', '2023-10-01:') }, 'DATA_EFFECTIVE_BEFORE_PUBLISHED', /2023-10-01 is before fr-2023-23055/)
    const ok = loadRules({ dataDir: dataDir({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('2023-11-17:', '2023-10-01:').replace('3A090.a.1" }', '3A090.a.1", retroactive: true, note: "on display earlier" }') }) })
    assert.equal(parameterAt(ok, 'ccl.3a090.a1-tpp', '2023-10-01' as IsoDate)?.value, 4800)
  })

  test('rejects a non-number value for a numeric unit', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('value: 4800', 'value: "4800"') }, 'DATA_INVALID', /a1-tpp\.yaml:6/)
  })

  test('rejects YAML syntax errors with the line', () => {
    rejects({ 'ccl/3a090/a1-tpp.yaml': PARAM.replace('values:', 'values: [') }, 'DATA_INVALID', /a1-tpp\.yaml/)
  })

  test('rejects a source with an unknown key or a bad date', () => {
    rejects({ 'sources.yaml': SOURCES.replace('  published: 2023-10-25', '  publishd: 2023-10-25') }, 'DATA_UNKNOWN_KEY', /sources\.yaml:6.*publishd/)
  })

  test('memberCitations: a member must be in the set, cite a known source and take effect no later than the entry', () => {
    const SET = (members: string) => `description: "a set"\nunit: country-set\nreviewed: 2026-11-26\nvalues:\n  2023-11-17: { value: [CN, MO], source: fr-2023-23055, cfr: "x", memberCitations: { ${members} } }\n`
    const files = (members: string) => ({ 'units.yaml': `${UNITS}country-set: "countries"\n`, 'policies/set.yaml': SET(members) })
    rejects(files('RU: { effective: 2023-11-17, source: fr-2023-23055, cfr: "y" }'), 'DATA_INVALID', /memberCitations names RU/)
    rejects(files('CN: { effective: 2023-11-17, source: fr-1999-1, cfr: "y" }'), 'DATA_UNKNOWN_SOURCE', /fr-1999-1/)
    rejects(files('CN: { effective: 2023-12-01, source: fr-2023-23055, cfr: "y" }'), 'DATA_INVALID', /after this entry/)
    const ok = loadRules({ dataDir: dataDir(files('CN: { effective: 2023-11-17, source: fr-2023-23055, cfr: "own paragraph" }')) })
    assert.equal(memberCitationAt(ok, 'policies.set', '2024-01-01' as IsoDate, 'CN')?.cfr, 'own paragraph')
    assert.equal(memberCitationAt(ok, 'policies.set', '2024-01-01' as IsoDate, 'MO')?.cfr, 'x')
  })

  test('rejects a file in no known place', () => {
    rejects({ 'misc/thing.yaml': 'a: 1\n' }, 'DATA_INVALID', /misc\/thing\.yaml/)
  })

  test('a repeal is a dated null: nothing is in force after it', () => {
    const rules = loadRules({ dataDir: dataDir({ 'ccl/3a090/a1-tpp.yaml': `${PARAM}  2024-01-01: { value: null, source: fr-2023-23055, cfr: "x" }\n` }) })
    assert.equal(parameterAt(rules, 'ccl.3a090.a1-tpp', '2023-12-31' as IsoDate)?.value, 4800)
    assert.equal(parameterAt(rules, 'ccl.3a090.a1-tpp', '2024-01-01' as IsoDate)?.value, null)
  })

  test('rulesVersion changes when any file in data/ changes, and only then', () => {
    const dir = dataDir()
    const v1 = computeRulesVersion(dir)
    assert.equal(computeRulesVersion(dir), v1)
    writeFileSync(join(dir, 'ccl/3a090/a1-tpp.yaml'), PARAM.replace('reviewed: 2026-11-26', 'reviewed: 2026-11-27'))
    assert.notEqual(computeRulesVersion(dir), v1)
  })
})

describe('the real data/', () => {
  test('loads cleanly, with every event citing a known source', () => {
    const rules = loadRules()
    assert.ok(rules.parameters.size > 10)
    assert.ok(rules.catalogue.size >= 31)
    for (const e of rules.events) assert.ok(rules.sources.has(e.source), `${e.id} cites ${e.source}`)
  })
})
