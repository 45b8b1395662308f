/**
 * The web UI's batch screening file (web/src/components/batch-csv.ts, no DOM): one bad cell does not refuse the
 * file — every row is checked, each problem kept with its row (as a spreadsheet numbers it), column and what was
 * expected, and the good rows are screened.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseBatchCsv, problemsText } from '../../web/src/components/batch-csv.js'

test('the good rows are screened; each bad row is kept with every problem, its row, column and what was expected', () => {
  const { rows, notScreened } = parseBatchCsv('id,name,country,type\r\n1,Huawei Technologies,cn,entity\r\n\r\n2,Acme Trading,UK,\r\n3,,XX,company\r\n4,"Smith, John",,individual\r\n')
  assert.deepEqual(rows, [
    { row: 2, name: 'Huawei Technologies', country: 'CN', type: 'entity' },
    { row: 6, name: 'Smith, John', type: 'individual' },
  ])
  assert.deepEqual(notScreened.map((n) => [n.row, n.name, n.country, n.problems.map((p) => p.field)]), [
    [4, 'Acme Trading', 'UK', ['country']],
    [5, '', 'XX', ['name', 'country', 'type']],
  ])
  assert.match(problemsText(notScreened[0]!.problems), /^row 4, column country: "UK" .*the United Kingdom is GB.*expected an ISO 3166-1 alpha-2 code such as CN, HK or DE/)
  assert.match(problemsText(notScreened[1]!.problems), /row 5, column type: "company" is not a party type; expected one of individual, entity, vessel, aircraft/)
})

test('without a header the columns are name, country, type, and the first row is row 1', () => {
  const { rows, notScreened } = parseBatchCsv('Huawei Technologies,CN\nAcme,Germany\n')
  assert.deepEqual(rows, [{ row: 1, name: 'Huawei Technologies', country: 'CN' }])
  assert.equal(notScreened[0]!.row, 2)
  assert.match(notScreened[0]!.problems[0]!.message, /Germany.*DE/)
})
