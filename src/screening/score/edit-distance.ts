const MAX = 64
let rowPrev2 = new Float64Array(MAX + 1)
let rowPrev = new Float64Array(MAX + 1)
let rowCur = new Float64Array(MAX + 1)

const VOWELS = 'aeiouy'
/** letter pairs that romanizations confuse, each costs 0.5 as a substitution */
const CONFUSABLE_PAIRS = ['ck', 'cs', 'sz', 'kq', 'iy', 'jy', 'vw', 'fv', 'jg', 'dt', 'ae', 'ou', 'ei', 'bp', 'kg', 'xk']
const SUB_COST = new Float64Array(26 * 26).fill(1)
for (let i = 0; i < 26; i++) SUB_COST[i * 26 + i] = 0
for (const x of VOWELS) for (const y of VOWELS) if (x !== y) setCost(x, y, 0.6)
for (const p of CONFUSABLE_PAIRS) setCost(p[0]!, p[1]!, 0.5)
function setCost(x: string, y: string, c: number): void {
  const i = x.charCodeAt(0) - 97
  const j = y.charCodeAt(0) - 97
  SUB_COST[i * 26 + j] = c
  SUB_COST[j * 26 + i] = c
}

function subCost(a: number, b: number): number {
  if (a === b) return 0
  const i = a - 97
  const j = b - 97
  if (i < 0 || i > 25 || j < 0 || j > 25) return 1
  return SUB_COST[i * 26 + j]!
}

/** inserting or deleting 'h' or a doubled letter ("Mohamed"/"Mohammed") costs 0.5 */
function indelCost(s: string, i: number): number {
  const c = s.charCodeAt(i)
  if (c === 104 /* h */) return 0.5
  if ((i > 0 && s.charCodeAt(i - 1) === c) || (i + 1 < s.length && s.charCodeAt(i + 1) === c)) return 0.5
  return 1
}

/** inserting or deleting each letter of the second string, per call (indelCost of one string, read once per cell otherwise) */
const indelB = new Float64Array(MAX)

/**
 * Weighted optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of one
 * substring) with transliteration-aware costs: vowel↔vowel 0.6, confusable consonants 0.5,
 * 'h' and doubled letters 0.5, adjacent transposition 0.8. Allocation-free up to 64 characters.
 *
 * With a `limit`, only the cells a path within it can pass are computed (a band around the diagonals): a
 * path through cell (i, j) makes at least |i − j| insertions or deletions before it and |(la − i) − (lb − j)|
 * after it, each costing at least 0.5, so a cell where that sum × 0.5 exceeds the limit lies on no path
 * within it. The distance is then exact when it is within the limit (the best path and every path as cheap
 * stay in the band: any other path costs at least 0.1 more, every cost being a multiple of 0.1), and above
 * the limit when it is above (the band only leaves paths out).
 */
export function weightedEditDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0
  const la = Math.min(a.length, MAX)
  const lb = Math.min(b.length, MAX)
  if (la === 0) return lb
  if (lb === 0) return la
  // the diagonals d = i − j a path within the limit may use: [dLo, dHi]
  const delta = la - lb
  const excursion = limit === Infinity ? MAX : Math.floor((2 * limit - Math.abs(delta)) / 2 + 1e-9)
  if (excursion < 0) return limit + 1 // (as the full table: over the limit)
  const dLo = (delta < 0 ? delta : 0) - excursion
  const dHi = (delta > 0 ? delta : 0) + excursion
  const costB = indelB
  for (let j = 0; j < lb; j++) costB[j] = indelCost(b, j)
  // row 0: cells j ≤ −dLo
  let hi = -dLo < lb ? -dLo : lb
  rowPrev[0] = 0
  for (let j = 1; j <= hi; j++) rowPrev[j] = rowPrev[j - 1]! + costB[j - 1]!
  if (hi < lb) rowPrev[hi + 1] = Infinity
  for (let i = 1; i <= la; i++) {
    const ca = a.charCodeAt(i - 1)
    const delA = indelCost(a, i - 1)
    const lo = i - dHi > 0 ? i - dHi : 0
    hi = i - dLo < lb ? i - dLo : lb
    let rowMin = Infinity
    let j = lo
    if (lo === 0) {
      rowCur[0] = rowPrev[0]! + delA
      rowMin = rowCur[0]!
      j = 1
    } else rowCur[lo - 1] = Infinity
    for (; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1)
      let v = rowPrev[j - 1]! + subCost(ca, cb)
      const del = rowPrev[j]! + delA
      if (del < v) v = del
      const ins = rowCur[j - 1]! + costB[j - 1]!
      if (ins < v) v = ins
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && ca !== cb) {
        const tr = rowPrev2[j - 2]! + 0.8
        if (tr < v) v = tr
      }
      rowCur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (hi < lb) rowCur[hi + 1] = Infinity
    // rotate rows without copying
    const t = rowPrev2
    rowPrev2 = rowPrev
    rowPrev = rowCur
    rowCur = t
    // the distance can only grow from the row minimum (transpositions look two rows back, so
    // allow their 0.2 saving)
    if (rowMin - 0.2 > limit) return rowMin
  }
  return rowPrev[lb]!
}

/** Plain Levenshtein distance (unit costs), for the skeleton comparison and tests. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0
  const la = Math.min(a.length, MAX)
  const lb = Math.min(b.length, MAX)
  for (let j = 0; j <= lb; j++) rowPrev[j] = j
  for (let i = 1; i <= la; i++) {
    rowCur[0] = i
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      rowCur[j] = Math.min(rowPrev[j - 1]! + cost, rowPrev[j]! + 1, rowCur[j - 1]! + 1)
    }
    const t = rowPrev
    rowPrev = rowCur
    rowCur = t
  }
  return rowPrev[lb]!
}

/** Bit set of the letters a–z in a token, for a cheap lower bound on the edit distance. */
export function letterMask(s: string): number {
  let m = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 97
    if (c >= 0 && c < 26) m |= 1 << c
  }
  return m
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

/**
 * A lower bound of `weightedEditDistance` from the letter sets: each letter one token has and the
 * other lacks needs an edit costing at least 0.5, and one substitution can fix one letter of each.
 */
export function editDistanceLowerBound(maskA: number, maskB: number): number {
  const onlyA = popcount(maskA & ~maskB)
  const onlyB = popcount(maskB & ~maskA)
  return 0.5 * (onlyA > onlyB ? onlyA : onlyB)
}
