import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { readYamlDataFile, saveYamlDataFile } from '../../src/shared/yaml-data-file.js'

const dir = mkdtempSync(join(tmpdir(), 'chipnav-yaml-data-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('a YAML data file and the parsed value the build saves beside it', () => {
  test('the saved value is what parsing the text gives', () => {
    const f = join(dir, 'a.yaml')
    writeFileSync(f, 'intl: [international]\nres: [research]\n')
    assert.equal(saveYamlDataFile(f), true)
    assert.deepEqual(readYamlDataFile(f), { intl: ['international'], res: ['research'] })
  })

  test('an edited file is parsed again: the saved value of other text is never used', () => {
    const f = join(dir, 'b.yaml')
    writeFileSync(f, 'endings: [ovich]\n')
    saveYamlDataFile(f)
    writeFileSync(f, 'endings: [ovich, ovna]\n')
    assert.deepEqual(readYamlDataFile(f), { endings: ['ovich', 'ovna'] })
  })

  test("a saved value whose hash is not the text's, or an unreadable one, is ignored", () => {
    const f = join(dir, 'c.yaml')
    writeFileSync(f, 'x: [one]\n')
    writeFileSync(`${f}.json`, JSON.stringify({ sha256: 'not the hash', value: { x: ['two'] } }))
    assert.deepEqual(readYamlDataFile(f), { x: ['one'] })
    writeFileSync(`${f}.json`, '{ not json')
    assert.deepEqual(readYamlDataFile(f), { x: ['one'] })
  })

  test('a value JSON cannot carry exactly is not saved', () => {
    const f = join(dir, 'd.yaml')
    writeFileSync(f, 'x: .inf\n')
    assert.equal(saveYamlDataFile(f), false)
  })
})
