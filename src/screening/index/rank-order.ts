/**
 * Ordering a query's candidates by rank: best rank first, ties by name id (a strict total order, so
 * every correct sort gives the same list). Both work in place on typed arrays, without comparator calls.
 */

/** Sort ids[0..n) with their ranks r[0..n) by rank descending, then id ascending. */
export function sortByRank(ids: Int32Array, r: Float64Array, n: number): void {
  quickSort(ids, r, 0, n - 1)
}

/** a before b: higher rank, or the same rank and a lower id */
function before(ra: number, ia: number, rb: number, ib: number): boolean {
  return ra > rb || (ra === rb && ia < ib)
}

function quickSort(ids: Int32Array, r: Float64Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    // median of three as the pivot
    const mid = (lo + hi) >> 1
    if (before(r[mid]!, ids[mid]!, r[lo]!, ids[lo]!)) swap(ids, r, mid, lo)
    if (before(r[hi]!, ids[hi]!, r[lo]!, ids[lo]!)) swap(ids, r, hi, lo)
    if (before(r[hi]!, ids[hi]!, r[mid]!, ids[mid]!)) swap(ids, r, hi, mid)
    const pr = r[mid]!
    const pi = ids[mid]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (before(r[i]!, ids[i]!, pr, pi)) i++
      while (before(pr, pi, r[j]!, ids[j]!)) j--
      if (i <= j) {
        swap(ids, r, i, j)
        i++
        j--
      }
    }
    // recurse into the smaller part, loop on the larger
    if (j - lo < hi - i) {
      quickSort(ids, r, lo, j)
      lo = i
    } else {
      quickSort(ids, r, i, hi)
      hi = j
    }
  }
  for (let k = lo + 1; k <= hi; k++) {
    const id = ids[k]!
    const rk = r[k]!
    let j = k
    while (j > lo && before(rk, id, r[j - 1]!, ids[j - 1]!)) {
      r[j] = r[j - 1]!
      ids[j] = ids[j - 1]!
      j--
    }
    r[j] = rk
    ids[j] = id
  }
}

function swap(ids: Int32Array, r: Float64Array, a: number, b: number): void {
  const id = ids[a]!
  ids[a] = ids[b]!
  ids[b] = id
  const x = r[a]!
  r[a] = r[b]!
  r[b] = x
}

/** the k-th smallest of a[0..n) (0-based), reordering a (Hoare quickselect) */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const x = a[i]!
        a[i] = a[j]!
        a[j] = x
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]!
  }
  return a[k]!
}
