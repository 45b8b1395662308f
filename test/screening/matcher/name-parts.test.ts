import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { namePartsToIndex, WITHOUT_QUALIFIER_FACTOR } from '../../../src/screening/normalize/name-parts.js'
import type { ListEntry } from '../../../src/screening/model.js'
import { buildScreener } from '../../../src/screening/screener.js'
import { listEntry } from '../../helpers/list-entry.js'

describe('parts of compound list names', () => {
  test('an Entity List affiliate name yields the parent and the affiliate', () => {
    // CSL 2022-04, EL row 1290cbfadaf501f92be3061e3b01b58f3379d07c
    const parts = namePartsToIndex('Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Huawei Technologies Co., Ltd., Beijing Research Institute')
    const texts = parts.map((p) => p.text)
    assert.ok(texts.includes('Huawei Technologies Co., Ltd'))
    assert.ok(texts.includes('Huawei Technologies Co., Ltd., Beijing Research Institute'))
  })
  test('a.k.a. lists inside a name', () => {
    // CSL 2022-04: "Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)"
    const texts = namePartsToIndex('Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)').map((p) => p.text)
    assert.deepEqual(texts.sort(), ['Aviation Logistics and Supply', 'Mexpar International, Inc', 'Pasadena Aerospace'])
  })
  test('a qualifier in parentheses is dropped with a lower factor', () => {
    const parts = namePartsToIndex('Bank of China (Hong Kong) Limited')
    assert.deepEqual(parts, [{ text: 'Bank of China Limited', factor: WITHOUT_QUALIFIER_FACTOR }])
  })
  test('a CSL alias cut mid-sentence loses its leading "and"', () => {
    assert.deepEqual(namePartsToIndex('and JSC 140 Repair Plant'), [{ text: 'JSC 140 Repair Plant', factor: 1 }])
  })
  test('ordinary names have no parts', () => {
    assert.deepEqual(namePartsToIndex('KIM, Jong Un'), [])
    assert.deepEqual(namePartsToIndex('HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.'), [])
  })
})

describe('screening finds a name inside a compound list name', () => {
  const entry: ListEntry = listEntry({
    sourceId: '1290cbfadaf501f92be3061e3b01b58f3379d07c',
    names: [{ name: 'Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Huawei Technologies Co., Ltd., Beijing Research Institute', kind: 'primary' }],
  })
  const screener = buildScreener({ entries: [entry], snapshots: [] })
  test('the parent company matches, and the hit shows the name as published', () => {
    const hit = screener.screen({ name: 'Huawei Technologies Company Limited' }).hits[0]
    assert.ok(hit)
    assert.ok(hit.score >= 0.9, String(hit.score))
    assert.equal(hit.matchedName, entry.names[0]!.name)
    assert.equal(hit.explanation.candidateNormalized, 'huawei technologies coltd')
  })
})
