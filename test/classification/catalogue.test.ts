/**
 * The catalogue against the published figures in ../shared/domain/regulations.md §E.2 (copied here as test
 * expectations, with their sources): computed TPP must be within 0.5 % of each.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { classifyCatalogueItem } from '../../src/classification/classify-item.js'
import { loadRules } from '../../src/rules/load-rules.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const rules = loadRules()

/** id → published TPP (regulations.md §E.2: Tracker, Epoch, SemiAnalysis, Tom's Hardware) */
const PUBLISHED_TPP: Record<string, number> = {
  'nvidia-a100-sxm-40gb': 4992,
  'nvidia-a100-sxm-80gb': 4992,
  'nvidia-a100-pcie': 4992,
  'nvidia-a800': 4992,
  'nvidia-h100-sxm': 15832,
  'nvidia-h100-pcie': 12104,
  'nvidia-h100-nvl': 13364,
  'nvidia-h800': 15832,
  'nvidia-h200': 15832,
  'nvidia-h20': 2368,
  'nvidia-b100': 28000,
  'nvidia-b200': 36000,
  'nvidia-gb200': 40000,
  'nvidia-b300': 56000,
  'nvidia-rtx-4090': 5286,
  'nvidia-rtx-4090d': 4707,
  'nvidia-l20': 1912,
  'amd-mi250x': 6128,
  'amd-mi300x': 20919,
  'amd-mi300a': 15690,
  'amd-mi325x': 20919,
  'intel-gaudi-3': 29360,
  'huawei-ascend-910b': 6016,
  'huawei-ascend-910c': 12800,
}

/** id → published performance density where §E.2 gives one */
const PUBLISHED_PD: Record<string, number> = {
  'nvidia-a100-sxm-80gb': 6.04,
  'nvidia-h100-sxm': 19.45,
  'nvidia-h20': 2.91,
  'nvidia-h100-nvl': 16.42,
  'amd-mi300x': 20.57,
}

describe('catalogue TPP against published values (within 0.5 %)', () => {
  for (const [id, published] of Object.entries(PUBLISHED_TPP)) {
    test(id, () => {
      const r = classifyCatalogueItem(id, { rules, asOf: '2025-06-01' as IsoDate })
      assert.notEqual(r.tpp, null)
      const diff = Math.abs(r.tpp! - published) / published
      assert.ok(diff <= 0.005, `${id}: computed ${r.tpp}, published ${published} (${(diff * 100).toFixed(2)} %)`)
    })
  }
  for (const [id, published] of Object.entries(PUBLISHED_PD)) {
    test(`${id} performance density`, () => {
      const r = classifyCatalogueItem(id, { rules, asOf: '2025-06-01' as IsoDate })
      assert.ok(Math.abs(r.performanceDensity! - published) / published <= 0.005, `${id}: PD ${r.performanceDensity}, published ${published}`)
    })
  }
})

describe('every catalogue entry classifies on every rule version', () => {
  for (const id of rules.catalogue.keys()) {
    test(id, () => {
      for (const asOf of ['2022-10-07', '2023-11-17', '2024-12-02', '2026-11-26'] as IsoDate[]) {
        const r = classifyCatalogueItem(id, { rules, asOf })
        assert.equal(r.item.id, id)
        assert.equal(r.rulesVersion, rules.version)
        assert.ok(r.trace.length > 0, 'a trace')
        if (!r.determined) assert.ok(r.openQuestions.length > 0 && r.possibleEccns.length > 1, 'an undetermined answer says what is open')
      }
    })
  }
})
