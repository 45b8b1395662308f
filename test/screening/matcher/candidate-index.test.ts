import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { ListEntry } from '../../../src/screening/model.js'
import { buildScreener } from '../../../src/screening/screener.js'
import { listEntry } from '../../helpers/list-entry.js'

/** 3,000 made-up two- and three-word names from a syllable grid (deterministic, no randomness). */
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sa', 'tor', 'vi', 'zan', 'bel', 'dor', 'fen', 'gra', 'hul', 'jin', 'kes', 'lum']
function word(n: number): string {
  const a = SYLLABLES[n % 16]!
  const b = SYLLABLES[Math.floor(n / 16) % 16]!
  const c = SYLLABLES[Math.floor(n / 256) % 16]!
  return a + b + c
}
const entries: ListEntry[] = Array.from({ length: 3000 }, (_, i) =>
  listEntry({
    source: 'sdn',
    list: 'sdn',
    sourceId: String(i),
    type: i % 2 === 0 ? 'individual' : 'entity',
    names: [{ name: `${word(i * 7 + 1)} ${word(i * 13 + 5)}${i % 3 === 0 ? ' ' + word(i) : ''}`, kind: 'primary' }],
  }),
)
const screener = buildScreener({ entries, snapshots: [] })
const nameOf = (i: number): string => entries[i]!.names[0]!.name

describe('candidate index', () => {
  test('an exact name is found first, scoring only a few candidates', () => {
    const r = screener.screen({ name: nameOf(1234) })
    assert.equal(r.hits[0]?.entryId, '1234')
    assert.ok(r.candidatesConsidered < 100, `${r.candidatesConsidered} names scored`)
  })
  test('a typo is found through one-deletion neighbours', () => {
    const name = nameOf(2021)
    const typo = name.slice(0, 3) + name.slice(4) // drop the 4th letter
    const r = screener.screen({ name: typo, threshold: 0.5 })
    assert.ok(r.hits.some((h) => h.entryId === '2021'), JSON.stringify(r.hits.slice(0, 3).map((h) => [h.entryId, h.matchedName])))
  })
  test('words written together are found through joined pairs', () => {
    const [first, second] = nameOf(300).split(' ')
    const r = screener.screen({ name: `${first}${second}`, threshold: 0.5 })
    assert.ok(r.hits.some((h) => h.entryId === '300'))
  })
  test('a name sharing nothing finds nothing and scores nothing', () => {
    const r = screener.screen({ name: 'Qwxyz Pqrst' })
    assert.deepEqual(r.hits, [])
    assert.equal(r.candidatesConsidered, 0)
  })
})
