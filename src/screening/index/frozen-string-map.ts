/**
 * A read-only string-keyed map held in typed arrays (open addressing, FNV-1a over UTF-16 code
 * units), so a saved screening index is used straight from the file's bytes: nothing is rebuilt
 * key by key at load. Values are integers, floats, or lists of integers (a list of one is answered
 * as the number itself, as the index's `Multi` values are).
 */
import type { TextSlices } from './record-list.js'

/** the parts of a frozen map as stored: keys joined in one string, and typed arrays */
export type FrozenMapParts = {
  /** every key, joined */
  keys: TextSlices
  /** key i is keys[keyStart[i], keyStart[i+1]) */
  keyStart: Int32Array
  /** hash slots: key index + 1, 0 when empty (length a power of two) */
  slots: Int32Array
} & ({ kind: 'i32'; values: Int32Array } | { kind: 'f64'; values: Float64Array } | { kind: 'multi'; valueStart: Int32Array; values: Int32Array })

export type FrozenMapValue = number | Int32Array

function hashKey(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Freeze a map whose values are numbers or lists of integers (in the order given). */
export function freezeStringMap(m: ReadonlyMap<string, number | readonly number[] | Int32Array>): FrozenMapParts {
  const n = m.size
  const keyStart = new Int32Array(n + 1)
  const parts: string[] = []
  let isMulti = false
  let isFloat = false
  for (const v of m.values()) {
    if (typeof v !== 'number') isMulti = true
    else if (!Number.isInteger(v) || v > 0x7fffffff || v < -0x80000000) isFloat = true
  }
  if (isMulti && isFloat) throw new TypeError('a frozen map holds integers, floats or lists of integers, not a mix')
  let size = 1
  while (size < 2 * n) size *= 2
  const slots = new Int32Array(size)
  const single = isFloat ? new Float64Array(n) : new Int32Array(n)
  const valueStart = new Int32Array(n + 1)
  const multi: number[] = []
  let i = 0
  let offset = 0
  for (const [k, v] of m) {
    parts.push(k)
    offset += k.length
    keyStart[i + 1] = offset
    let s = hashKey(k) & (size - 1)
    while (slots[s] !== 0) s = (s + 1) & (size - 1)
    slots[s] = i + 1
    if (isMulti) {
      if (typeof v === 'number') multi.push(v)
      else for (const x of v as Iterable<number>) multi.push(x)
      valueStart[i + 1] = multi.length
    } else single[i] = v as number
    i++
  }
  const keys = parts.join('')
  if (isMulti) return { kind: 'multi', keys, keyStart, slots, valueStart, values: Int32Array.from(multi) }
  return isFloat ? { kind: 'f64', keys, keyStart, slots, values: single as Float64Array } : { kind: 'i32', keys, keyStart, slots, values: single as Int32Array }
}

/** A frozen map, read in place. Implements ReadonlyMap so it stands in wherever a Map is read. */
export class FrozenStringMap<V extends FrozenMapValue = FrozenMapValue> implements ReadonlyMap<string, V> {
  readonly #p: FrozenMapParts
  /** slots.length - 1, read on first use (a saved index opened from its file reads the slots then) */
  #mask = -1
  constructor(parts: FrozenMapParts) {
    this.#p = parts
  }
  get size(): number {
    return this.#p.keyStart.length - 1
  }
  #find(key: string): number {
    const { keys, keyStart, slots } = this.#p
    if (slots.length === 0) return -1
    if (this.#mask < 0) this.#mask = slots.length - 1
    let s = hashKey(key) & this.#mask
    for (;;) {
      const k = slots[s]!
      if (k === 0) return -1
      const start = keyStart[k - 1]!
      if (keyStart[k]! - start === key.length && keys.startsWith(key, start)) return k - 1
      s = (s + 1) & this.#mask
    }
  }
  #value(i: number): V {
    const p = this.#p
    if (p.kind !== 'multi') return p.values[i]! as V
    const from = p.valueStart[i]!
    const to = p.valueStart[i + 1]!
    return (to - from === 1 ? p.values[from]! : p.values.subarray(from, to)) as V
  }
  get(key: string): V | undefined {
    const i = this.#find(key)
    return i < 0 ? undefined : this.#value(i)
  }
  has(key: string): boolean {
    return this.#find(key) >= 0
  }
  *entries(): MapIterator<[string, V]> {
    const { keys, keyStart } = this.#p
    for (let i = 0; i < this.size; i++) yield [keys.slice(keyStart[i]!, keyStart[i + 1]!), this.#value(i)]
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k
  }
  *values(): MapIterator<V> {
    for (let i = 0; i < this.size; i++) yield this.#value(i)
  }
  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries()
  }
  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this)
  }
}
