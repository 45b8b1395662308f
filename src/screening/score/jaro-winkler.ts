const MAX = 128
const flagsA = new Uint8Array(MAX)
const flagsB = new Uint8Array(MAX)

/**
 * Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4, boost applied when Jaro ≥ 0.7, as in
 * Watchman's `customJaroWinkler`). Allocation-free for strings up to 128 characters.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1
  const la = Math.min(a.length, MAX)
  const lb = Math.min(b.length, MAX)
  if (la === 0 || lb === 0) return 0
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1)
  // (loops, not fill: a call into the runtime costs more than a few stores)
  for (let i = 0; i < la; i++) flagsA[i] = 0
  for (let j = 0; j < lb; j++) flagsB[j] = 0
  let matches = 0
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window)
    const hi = Math.min(lb - 1, i + window)
    const ca = a.charCodeAt(i)
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === ca) {
        flagsA[i] = 1
        flagsB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let k = 0
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue
    while (flagsB[k] === 0) k++
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++
    k++
  }
  const m = matches
  // (× 0.5, exactly ÷ 2: an integer division that leaves a fraction throws optimised code away)
  const jaro = (m / la + m / lb + (m - transpositions * 0.5) / m) / 3
  if (jaro < 0.7) return jaro
  let prefix = 0
  const maxPrefix = Math.min(4, la, lb)
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}
