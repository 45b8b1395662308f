import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { EntityType } from '../../../src/screening/model.js'
import { compareNames, compareNamesAtLeast, LAST_SCORE, prepareName, type PreparedName } from '../../../src/screening/score/compare-names.js'
import { DEFAULT_TOKEN_FREQUENCIES } from '../../../src/screening/score/default-token-frequencies.js'

const CUTS = [0.3, 0.45, 0.5, 0.6, 0.7, 0.77, 0.8, 0.83, 0.9, 0.97]

/**
 * The contract the screener relies on to leave names unscored with the same answers: at or above the cut,
 * the score itself; under it, either the score or a bound of it that is still under the cut.
 */
function assertContract(q: PreparedName, c: PreparedName): number {
  const score = compareNames(q, c)
  let bounds = 0
  for (const cut of CUTS) {
    const r = compareNamesAtLeast(q, c, cut)
    const label = `"${q.raw}" / "${c.raw}" at ${cut}: score ${score}, answered ${r} (${LAST_SCORE.isBound ? 'a bound' : 'the score'})`
    if (LAST_SCORE.isBound) {
      bounds++
      assert.ok(r < cut, label)
      assert.ok(r >= score, label)
    } else assert.equal(r, score, label)
  }
  return bounds
}

const prepare = (name: string, type: EntityType | null = null): PreparedName => prepareName(name, { type, frequencies: DEFAULT_TOKEN_FREQUENCIES })

test('a name answered under the cut is answered by a bound that is never below its score (each rule of the scorer)', () => {
  // places after an organisation, patronymics between matched parts, initials, acronyms, words written together
  // or apart, legal forms, titles, kinds, scripts without vowels, Chinese and Korean syllables, numbers
  const names: Array<[string, EntityType | null]> = [
    ['Huawei Technologies Co Ltd', 'entity'], ['Huawei Technologies Japan KK', 'entity'], ['Huawei', null], ['Faberlic Europe', 'entity'],
    ['Banco Central de Venezuela', 'entity'], ['Banco Central', 'entity'], ['Telecom Iran', 'entity'], ['Research Institute 25', 'entity'],
    ['Sergey Viktorovich Lavrov', 'individual'], ['Sergey Lavrov', null], ['Sergei Lavrov', 'individual'], ['S. V. Lavrov', null],
    ['Usama bin Muhammad bin Awad bin Ladin', 'individual'], ['Usama bin Ladin', null], ['Ahmad bin Hasan', null], ['Hasan bin Ahmad', null],
    ['Hik Vision Digital Technology', 'entity'], ['Hikvision', null], ['HIKVISION DIGITAL TECHNOLOGY CO., LTD.', 'entity'],
    ['Bank of China', 'entity'], ['BOC', null], ['BC Trading LLC', 'entity'], ['International Business Machines', 'entity'], ['IBM', null],
    ['Dr. Ali Khamenei', null], ['Sayyid Ali Hosseini Khamenei', 'individual'], ['Mohammad Ali Rezaei', null], ['Mohamed Ali', null],
    ['محمد علی رضایی', null], ['حسین محمدپارسا معین', null], ['Hossein Mohammad Parsa Moein', null],
    ['Mao Tse-tung', null], ['Mao Zedong', 'individual'], ['王伟', null], ['Wang Wei', null], ['김광수', null], ['Kim Su Gwang', null], ['Kim Gwang-su', null],
    ['Victory 3', 'vessel'], ['Victory 4', 'vessel'], ['Victory', 'aircraft'], ['Global Trading Co', 'entity'], ['Global Tech Trading Ltd', 'entity'],
    ['Zaurbek Magomedovich Ibragimov', 'individual'], ['Zaurbek Salimovich Ibragimov', null], ['A.C. International', 'entity'], ['AC Intl', null],
    ["'Ndrangheta", null], ['Andrang Heta', null], ['Sara Jesus', null], ['SARA', null], ['John F Kennedy', null], ['J.F.K.', null],
  ]
  const prepared = names.map(([n, t]) => prepare(n, t))
  let bounds = 0
  for (const q of prepared) for (const c of prepared) bounds += assertContract(q, c)
  // (a bound that never prunes would pass the rest)
  assert.ok(bounds > 1000, `${bounds} answers were bounds`)
})

const SHARED = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const hasShared = existsSync(join(SHARED, 'matching/yente/negatives_global_dev.csv')) && existsSync(join(SHARED, 'lists/ofac_sdn_2024-05-03/sdn.csv'))

test('the bound holds for people of many scripts against SDN names', { skip: hasShared ? false : `skipped: ${SHARED} has no negatives_global_dev.csv or SDN file` }, () => {
  const people = readFileSync(join(SHARED, 'matching/yente/negatives_global_dev.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]!.trim()).filter((n, i) => n !== '' && i % 97 === 0).map((n) => prepare(n))
  // the SDN file's name column (the second, quoted), every 40th row
  const sdn = readFileSync(join(SHARED, 'lists/ofac_sdn_2024-05-03/sdn.csv'), 'utf8').split('\n').filter((_, i) => i % 40 === 0).map((l) => /^[^,]*,"([^"]*)"/.exec(l)?.[1]).filter((n): n is string => n !== undefined && n.trim() !== '').map((n) => prepare(n))
  assert.ok(people.length > 150 && sdn.length > 300, `${people.length} people, ${sdn.length} SDN names`)
  let bounds = 0
  for (const q of people) for (const c of sdn) bounds += assertContract(q, c)
  for (const q of sdn.slice(0, 100)) for (const c of sdn) bounds += assertContract(q, c)
  assert.ok(bounds > 10_000, `${bounds} answers were bounds`)
})
