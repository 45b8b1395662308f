import type { PreparedName } from './prepare-name.js'

/**
 * The per-query token-similarity cache: query token i × vocabulary token v. List names share
 * tokens, so one query compares each (query token, list token) pair once however many names hold it.
 */
const CACHE_ROWS = 8
let cacheVocab = 0
let cacheStamp = new Int32Array(0)
let cacheSim = new Float64Array(0)
let cacheKind = new Uint8Array(0)
let cacheQuery = 0
let cacheOwner: PreparedName | undefined

/**
 * Start caching token similarities for one query against names of an index with `vocabSize`
 * distinct tokens. Valid until the next call; names without `vocabIds` are compared uncached.
 */
export function beginSimilarityCache(query: PreparedName, vocabSize: number): void {
  if (vocabSize > cacheVocab) {
    cacheVocab = vocabSize
    cacheStamp = new Int32Array(CACHE_ROWS * vocabSize)
    cacheSim = new Float64Array(CACHE_ROWS * vocabSize)
    cacheKind = new Uint8Array(CACHE_ROWS * vocabSize)
    cacheQuery = 0
  }
  cacheQuery++
  cacheOwner = query
}

/** the cache slot of query token i against list token j of `c`, or -1 when that pair is not cached */
export function cacheSlot(q: PreparedName, c: PreparedName, i: number, j: number): number {
  if (i >= CACHE_ROWS || cacheOwner !== q || c.vocabIds === undefined) return -1
  return i * cacheVocab + c.vocabIds[j]!
}

/** whether the slot holds this query's similarity */
export function isCached(slot: number): boolean {
  return cacheStamp[slot] === cacheQuery
}

export function cachedSimilarity(slot: number): number {
  return cacheSim[slot]!
}

export function cachedKind(slot: number): number {
  return cacheKind[slot]!
}

export function storeSimilarity(slot: number, sim: number, kind: number): void {
  cacheStamp[slot] = cacheQuery
  cacheSim[slot] = sim
  cacheKind[slot] = kind
}
