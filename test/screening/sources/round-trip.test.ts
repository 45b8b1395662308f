/**
 * parse → serialise → parse round trips for the list formats (fast-check, fixed seed): rows of any text
 * (quotes, commas, tabs where the format allows them, non-Latin scripts, RTL and zero-width characters),
 * written the way the official files are, parse back to the same fields, and writing those again gives
 * the same bytes: the CSL (CSV, TSV and JSON), the DPL (TSV) and OFAC's SDN primary file (CSV). The
 * writers are here, in the test: chipnav only reads these formats.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { CSL_COLUMNS, parseCslFile } from '../../../src/screening/sources/csl/parse.js'
import { DPL_COLUMNS, parseDplFile } from '../../../src/screening/sources/dpl/parse.js'
import { parseOfacPrimary } from '../../../src/screening/sources/ofac-legacy/parse.js'

const SEED = 11
const RUNS = 100
const enc = (s: string) => new TextEncoder().encode(s)

/** text as the lists have it: letters of several scripts, punctuation, quotes, RTL marks; no leading/trailing blanks */
const CHARS = [...'abcXYZ019 ,;.-&()/\'"éüßØ中国华为Ωжд', '\u200f', '\u200b', 'ق']
const field = (extra: string[] = []) =>
  fc
    .string({ unit: fc.constantFrom(...CHARS, ...extra), maxLength: 24 })
    .map((s) => s.trim())
const csvQuote = (s: string) => `"${s.replace(/"/g, '""')}"`
const writeDelimited = (header: readonly string[] | null, rows: string[][], delimiter: string) =>
  [...(header ? [header.map(csvQuote).join(delimiter)] : []), ...rows.map((r) => r.map(csvQuote).join(delimiter))].join('\r\n') + '\r\n'

describe('list formats round-trip', () => {
  test('CSL CSV and TSV (gzipped or not): parse(write(rows)) = rows; write(parse(…)) is the same file', () => {
    fc.assert(
      fc.property(fc.array(fc.array(field(['\n']), { minLength: CSL_COLUMNS.length, maxLength: CSL_COLUMNS.length }), { minLength: 1, maxLength: 8 }), fc.constantFrom('csv', 'tsv'), fc.boolean(), (rows, format, isGzip) => {
        const text = writeDelimited(CSL_COLUMNS, rows, format === 'csv' ? ',' : '\t')
        const bytes = isGzip ? gzipSync(enc(text)) : enc(text)
        const parsed = parseCslFile({ name: `consolidated.${format}${isGzip ? '.gz' : ''}`, bytes })
        const back = parsed.map((r) => CSL_COLUMNS.map((c) => r.fields[c]))
        assert.deepEqual(back, rows)
        assert.equal(writeDelimited(CSL_COLUMNS, back, format === 'csv' ? ',' : '\t'), text)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('CSL JSON: the fields of each result come back as written', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: field().filter((s) => s !== ''), source: field(), entity_number: field(), remarks: field(['\n', '\t']) }).map((r) => ({ ...r })), { minLength: 1, maxLength: 6 }), (results) => {
        const text = JSON.stringify({ results })
        const parsed = parseCslFile({ name: 'consolidated.json', bytes: enc(text) })
        assert.deepEqual(parsed.map((r) => ({ name: r.fields.name, source: r.fields.source, entity_number: r.fields.entity_number, remarks: r.fields.remarks })), results)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('DPL: tab-separated quoted rows round-trip', () => {
    const date = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1990, max: 2030 })).map(([m, d, y]) => `${m}/${d}/${y}`)
    const row = fc.tuple(field().filter((s) => s !== ''), fc.array(field(), { minLength: 5, maxLength: 5 }), date, fc.option(date, { nil: '' }), fc.array(field(), { minLength: 4, maxLength: 4 })).map(([name, mid, eff, exp, rest]) => [name, ...mid, eff, exp, ...rest])
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        const text = writeDelimited(DPL_COLUMNS, rows, '\t')
        const parsed = parseDplFile({ name: 'dpl.txt', bytes: enc(text) })
        const back = parsed.map((r) => DPL_COLUMNS.map((c) => r.fields[c]))
        assert.deepEqual(back, rows)
        assert.equal(writeDelimited(DPL_COLUMNS, back, '\t'), text)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test("OFAC SDN primary file: rows (with OFAC's -0- for empty) round-trip", () => {
    const optional = fc.option(field().filter((s) => s !== '' && s !== '-0-'), { nil: undefined })
    const row = fc.record({ name: field().filter((s) => s !== '' && s !== '-0-'), type: optional, title: optional, remarks: optional })
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 99_999 }), { minLength: 1, maxLength: 8 }), fc.array(row, { minLength: 8, maxLength: 8 }), (entNums, rows) => {
        const lines = entNums.map((n, i) => {
          const r = rows[i]!
          return [String(n), r.name, r.type ?? '-0- ', '-0- ', r.title ?? '-0- ', '-0- ', '-0- ', '-0- ', '-0- ', '-0- ', '-0- ', r.remarks ?? '-0-']
        })
        const text = `${lines.map((l) => l.map((f, i) => (i === 0 ? f : csvQuote(f))).join(',')).join('\r\n')}\r\n\x1a`
        const parsed = parseOfacPrimary({ name: 'sdn.csv', bytes: enc(text) })
        assert.deepEqual(
          parsed.map((p) => ({ entNum: p.entNum, name: p.name, type: p.type, title: p.title, remarks: p.remarks })),
          entNums.map((n, i) => ({ entNum: String(n), name: rows[i]!.name, type: rows[i]!.type, title: rows[i]!.title, remarks: rows[i]!.remarks })),
        )
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})
