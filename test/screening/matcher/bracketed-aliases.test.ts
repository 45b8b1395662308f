import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cslSource } from '../../../src/screening/sources/csl/csl-source.js'
import { buildScreener } from '../../../src/screening/screener.js'
import { cslFile } from '../sources/fixtures.js'

/**
 * Names read from a listed name's brackets (sources/bracketed-names.ts), screened. Rows as the trade.gov CSL
 * publishes them (2022-04 snapshot, shortened):
 * - 736c2c6a…,Entity List (EL) …,Semiconductor Manufacturing International Corporation (SMIC),…,85 FR 83420,2020-12-18,…,
 *   Semiconductor Manufacturing International (Shanghai) Corporation; SMIC Shanghai; and Semiconductor Mfg International Corp.
 * - 72e957bf…,Entity List (EL) …,Semiconductor Manufacturing South China Corporation,…,85 FR 83420,…,
 *   SMSC; SMIC Southern Integrated Circuit Manufacturing Co., Ltd.; SMIC South; and SMIC Southern
 * - 30951,Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) …,SEMICONDUCTOR MANUFACTURING INTERNATIONAL
 *   CORPORATION,…,"SEMICONDUCTOR MFG INTL CORP; …; SMIC"
 * - e261c953…,Entity List (EL) …,Air Weapons Complex (AWC),,"AWC: E?5, Officers Colony, Wah Cantt, Punjab, PK",81 FR 90712,…
 */
const EL = 'Entity List (EL) - Bureau of Industry and Security'
const SMIC_EL = '736c2c6ac3e138ed746296f09c18d066c8fddcd0'
const { entries } = cslSource.parseFiles([
  cslFile([
    {
      _id: SMIC_EL,
      source: EL,
      name: 'Semiconductor Manufacturing International Corporation (SMIC)',
      addresses: 'No. 18 Zhang Jiang Road, Pudong New Area, Shanghai, 201203, CN',
      federal_register_notice: '85 FR 83420',
      alt_names: 'Semiconductor Manufacturing International (Shanghai) Corporation; SMIC Shanghai; and Semiconductor Mfg International Corp.',
    },
    {
      _id: '72e957bf6bd9429477f85b80e318904eacce7d2d',
      source: EL,
      name: 'Semiconductor Manufacturing South China Corporation',
      addresses: '5th Floor, Building 3, No.18 Zhang Jiang Road, Pilot Free Trade Zone, Shanghai, CN',
      alt_names: 'SMSC; SMIC Southern Integrated Circuit Manufacturing Co., Ltd.; SMIC South; and SMIC Southern',
    },
    {
      _id: '30951',
      source: 'Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department',
      type: 'Entity',
      name: 'SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION',
      addresses: '18, Zhangjiang Road, Pudong New Area, Shanghai, 201203, CN; KY',
      alt_names: 'SEMICONDUCTOR MFG INTL CORP; SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION LIMITED; SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION CO., LTD; SMIC',
    },
    { _id: 'e261c953a3aa57ad90283d510b6f9cf1a9854863', source: EL, name: 'Air Weapons Complex (AWC)', addresses: 'AWC: E?5, Officers Colony, Wah Cantt, Punjab, PK' },
  ]),
])
const screener = buildScreener({ entries, snapshots: [] })

test('"SMIC" finds the Entity List entry "Semiconductor Manufacturing International Corporation (SMIC)" first, by its bracketed acronym', () => {
  for (const country of ['CN', undefined]) {
    const r = screener.screen({ name: 'SMIC', ...(country ? { country } : {}) })
    const top = r.hits[0]!
    assert.equal(top.entryId, SMIC_EL, `country ${country}`)
    assert.equal(top.matchedName, 'SMIC')
    assert.ok(top.score >= 0.99, String(top.score))
    assert.ok(
      top.explanation.adjustments.some((a) => a.delta === 0 && a.reason.includes('read from the brackets of the listed name "Semiconductor Manufacturing International Corporation (SMIC)"')),
      top.explanation.summary,
    )
  }
})

test('the listed name without its bracketed acronym counts in full, not as a name with a qualifier dropped', () => {
  const top = screener.screen({ name: 'Semiconductor Manufacturing International Corporation', lists: ['el'] }).hits[0]!
  assert.equal(top.entryId, SMIC_EL)
  assert.equal(top.score, 1)
  assert.ok(!top.explanation.adjustments.some((a) => a.reason.includes('qualifier')), top.explanation.summary)
})

test('an acronym read from brackets matches that acronym only, never a near spelling', () => {
  assert.equal(screener.screen({ name: 'AWC' }).hits[0]?.matchedName, 'AWC')
  for (const name of ['AWS', 'ACW', 'AWCS']) assert.deepEqual(screener.screen({ name, threshold: 0.5 }).hits.map((h) => h.matchedName), [], name)
  // a name that holds the acronym among other words is no match on it alone
  const r = screener.screen({ name: 'AWC Consulting Group', includeBelow: true, threshold: 0.8 })
  assert.equal(r.hitCount, 0, JSON.stringify(r.hits.map((h) => [h.matchedName, h.score])))
})
