/**
 * A screener that remembers its answers. A screening result is a pure function of the query and the
 * list snapshots the screener was built from, and a screener never changes (an import builds a new
 * one), so an answer can be reused for as long as its screener is in use: the server screens the same
 * customers, owners and consignees again and again. Least recently used answers are dropped beyond
 * `maxEntries`. Answers are frozen (deeply), since every caller shares them.
 */
import { deepFreeze } from '../shared/deep-freeze.js'
import type { ScreeningResult, ScreenQuery, Screener } from './screener.js'

/** a result with ten explained hits is about 20 KB as JSON (two to three times that in memory): 2,000 answers stay near 100 MB at worst */
export const DEFAULT_SCREEN_CACHE_ENTRIES = 2_000

export function withScreenCache(screener: Screener, { maxEntries = DEFAULT_SCREEN_CACHE_ENTRIES }: { maxEntries?: number } = {}): Screener {
  const cache = new Map<string, ScreeningResult>()
  return {
    snapshots: screener.snapshots,
    entryCount: screener.entryCount,
    screenTop: (q) => screener.screenTop(q),
    screen(q: ScreenQuery): ScreeningResult {
      if (q.onlyEntries !== undefined) return screener.screen(q)
      const key = keyOf(q)
      const hit = cache.get(key)
      if (hit !== undefined) {
        // most recently used last (a Map keeps insertion order)
        cache.delete(key)
        cache.set(key, hit)
        return hit
      }
      const result = deepFreeze(screener.screen(q))
      cache.set(key, result)
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string)
      return result
    },
  }
}

/** Every field of the query, in a fixed order (the name as given: normalization is the screener's job). */
function keyOf(q: ScreenQuery): string {
  return JSON.stringify([q.name, q.country ?? null, q.type ?? null, q.lists ?? null, q.threshold ?? null, q.limit ?? null, q.includeBelow ?? null])
}

