import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { loadRules } from '../../src/rules/load-rules.js'
import { readRulesCache, RULES_CACHE_FILE, writeRulesCache } from '../../src/rules/rules-cache.js'

const dir = mkdtempSync(join(tmpdir(), 'chipnav-rules-cache-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('the saved rules read back equal to the strict load, for the same data/ only', () => {
  const rules = loadRules({ useCache: false })
  const file = join(dir, 'rules-cache.bin')
  writeRulesCache(rules, file)
  const back = readRulesCache(rules.version, rules.dataDir, file)
  assert.deepStrictEqual(back, rules)
  // installed elsewhere: the data folder is the one given, not the one at build time
  assert.equal(readRulesCache(rules.version, '/elsewhere/data/', file)?.dataDir, '/elsewhere/data/')
  // data/ edited since the build: another version, so the strict loader runs
  assert.equal(readRulesCache('0'.repeat(64), rules.dataDir, file), undefined)
  writeFileSync(file, 'not a cache')
  assert.equal(readRulesCache(rules.version, rules.dataDir, file), undefined)
})

test('running from the sources there is no saved copy: the tests exercise the strict loader', () => {
  assert.match(RULES_CACHE_FILE, /src[\\/]rules[\\/]rules-cache\.bin$/)
  assert.equal(readRulesCache(loadRules().version, loadRules().dataDir), undefined)
})

test('loadRulesPreferringCache (the CLI): the saved rules when data/ is their version, else the strict loader, errors and all', async () => {
  const { loadRulesPreferringCache } = await import('../../src/rules/load-rules-cached.js')
  // from the sources there is no saved copy: the strict loader's answer
  assert.deepStrictEqual(await loadRulesPreferringCache(), loadRules())
  await assert.rejects(loadRulesPreferringCache({ dataDir: join(dir, 'missing') }), (e: Error & { code?: string }) => e.code === 'DATA_INVALID')
})
