/**
 * The one loop over a cursor-paginated store list (src/records/all-pages.ts), used by the CLI's list commands, the
 * rule-change impact run and the deployment health check: it asks the store's largest page, follows each
 * `nextCursor` until there is none, reads the next page only once the items before are consumed, and stops reading
 * when the caller stops. A list over a real store (SQLite) across several pages gives every record once.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { allPages, pageThrough } from '../../src/records/all-pages.js'
import { MAX_PAGE_SIZE, type Page, type PageOptions } from '../../src/records/record-basics.js'
import { openStore } from '../../src/store/open-store.js'

/** a list of `n` numbers, `size` a page, recording what it was asked */
function numbers(n: number, size: number) {
  const asked: PageOptions[] = []
  const list = async (o: PageOptions): Promise<Page<number>> => {
    asked.push(o)
    const from = o.cursor ? Number(o.cursor) : 0
    const items = Array.from({ length: Math.max(0, Math.min(size, n - from)) }, (_, i) => from + i)
    return { items, nextCursor: from + size < n ? String(from + size) : null }
  }
  return { list, asked }
}

test('every item once, in order, following each nextCursor from the first page (no cursor) with the largest page size', async () => {
  const { list, asked } = numbers(7, 3)
  assert.deepEqual(await allPages(list), [0, 1, 2, 3, 4, 5, 6])
  assert.deepEqual(asked, [{ limit: MAX_PAGE_SIZE, cursor: null }, { limit: MAX_PAGE_SIZE, cursor: '3' }, { limit: MAX_PAGE_SIZE, cursor: '6' }])
  assert.deepEqual(await allPages(numbers(0, 3).list), [])
})

test('pages are read as the items are consumed, and no more once the caller stops', async () => {
  const { list, asked } = numbers(10, 2)
  const seen: number[] = []
  for await (const x of pageThrough(list)) {
    seen.push(x)
    assert.equal(asked.length, Math.floor(x / 2) + 1, `item ${x} needs ${Math.floor(x / 2) + 1} pages read`)
    if (x === 4) break
  }
  assert.deepEqual(seen, [0, 1, 2, 3, 4])
  assert.equal(asked.length, 3)
})

test('over a real store: more records than one page, each once', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-pages-'))
  const store = await openStore({ home })
  try {
    const n = MAX_PAGE_SIZE + 3
    for (let i = 0; i < n; i++) await store.createApiKey({ role: 'viewer', label: `k${i}`, actor: 'cli:test' })
    const keys = await allPages((o) => store.listApiKeys(o))
    assert.equal(keys.length, n)
    assert.equal(new Set(keys.map((k) => k.id)).size, n)
  } finally {
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})
