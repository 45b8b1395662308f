/**
 * A list of records read one at a time: in memory (an array), or column by column from a saved
 * screening index, where a record is decoded only when asked for (a query decodes the names it
 * scores and the entries it returns, not the whole list). The columns are whatever keys the records
 * have: numbers, booleans, strings, typed arrays, and anything else as JSON, so a field added to a
 * name token or an entry is saved and loaded without a change here.
 */

export interface RecordList<T extends object> {
  readonly length: number
  /** record i (the same object on every call for a saved list; decoded once) */
  at(i: number): T
  /** one field of record i, without decoding the others */
  field<K extends keyof T>(i: number, key: K): T[K]
  /**
   * A reader of one field (`field(i, key)` with the column looked up once): a decoder that builds its own
   * objects field by field reads the columns directly, without a record object in between.
   */
  column<K extends keyof T>(key: K): (i: number) => T[K]
}

export function arrayRecords<T extends object>(items: readonly T[]): RecordList<T> & { readonly items: readonly T[] } {
  return { items, length: items.length, at: (i) => items[i]!, field: (i, key) => items[i]![key], column: (key) => (i) => items[i]![key] }
}

type TypedArray = Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array | Int16Array | Int8Array | Float32Array

const TYPED_ARRAYS = { Int32Array, Float64Array, Uint8Array, Uint16Array, Uint32Array, Int16Array, Int8Array, Float32Array } as const
export type TypedArrayName = keyof typeof TYPED_ARRAYS

export function typedArrayName(v: unknown): TypedArrayName | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined
  const name = v.constructor.name
  return name in TYPED_ARRAYS ? (name as TypedArrayName) : undefined
}

export function makeTypedArray(name: TypedArrayName, buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray {
  const Ctor = TYPED_ARRAYS[name] as unknown as new (b: ArrayBufferLike, o: number, l: number) => TypedArray
  return new Ctor(buffer, byteOffset, length)
}

/**
 * A long string read a piece at a time: a plain string, or (a saved index opened from its file) one
 * that decodes only the pieces asked for.
 */
export interface TextSlices {
  readonly length: number
  slice(from: number, to: number): string
  startsWith(s: string, position: number): boolean
}

/** Bytes read a piece at a time: a Uint8Array, or (a saved index opened from its file) a reader of the pieces asked for. */
export interface ByteSlices {
  readonly length: number
  subarray(from: number, to: number): Uint8Array
}

/** per value: present, null, undefined (key present), key absent */
const VALUE = 0
const NULL = 1
const UNDEFINED = 2
const ABSENT = 3

/** One column as stored. `tags` is absent when every record has a value. */
export type ColumnParts = { key: string; tags?: Uint8Array } & (
  | { kind: 'num'; values: Float64Array }
  | { kind: 'int'; values: Int32Array }
  | { kind: 'bool'; values: Uint8Array }
  | { kind: 'str'; text: TextSlices; start: Int32Array }
  | { kind: 'typed'; array: TypedArrayName; start: Int32Array; values: TypedArray }
  | { kind: 'json'; bytes: ByteSlices; start: Int32Array }
)
export type RecordsParts = { length: number; columns: ColumnParts[] }

/** Split records into columns (keys in first-seen order). Throws on a value JSON cannot carry exactly. */
export function recordsToColumns(records: RecordList<object>): RecordsParts {
  const items: readonly object[] = 'items' in records ? (records as { items: readonly object[] }).items : Array.from({ length: records.length }, (_, i) => records.at(i))
  const keys: string[] = []
  const seen = new Set<string>()
  for (const r of items) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k)
        keys.push(k)
      }
    }
  }
  return { length: items.length, columns: keys.map((key) => columnOf(key, items)) }
}

function columnOf(key: string, items: readonly object[]): ColumnParts {
  const n = items.length
  const tags = new Uint8Array(n)
  const values: unknown[] = new Array(n)
  let hasTags = false
  let kind: 'num' | 'bool' | 'str' | 'json' | TypedArrayName | undefined
  const widen = (k: typeof kind): void => {
    if (kind === undefined) kind = k
    else if (kind !== k) kind = 'json'
  }
  for (let i = 0; i < n; i++) {
    const r = items[i] as Record<string, unknown>
    if (!Object.hasOwn(r, key)) {
      tags[i] = ABSENT
      hasTags = true
      continue
    }
    const v = r[key]
    values[i] = v
    if (v === null || v === undefined) {
      tags[i] = v === null ? NULL : UNDEFINED
      hasTags = true
    } else if (typeof v === 'number') widen('num')
    else if (typeof v === 'boolean') widen('bool')
    else if (typeof v === 'string') widen('str')
    else widen(typedArrayName(v) ?? 'json')
  }
  const base = { key, ...(hasTags ? { tags } : {}) }
  const present = (i: number) => tags[i] === VALUE
  if (kind === 'num') {
    const isInt = values.every((v) => typeof v !== 'number' || ((v | 0) === v && !Object.is(v, -0)))
    if (isInt) return { ...base, kind: 'int', values: Int32Array.from(values, (v) => (typeof v === 'number' ? v : 0)) }
    return { ...base, kind, values: Float64Array.from(values, (v) => (typeof v === 'number' ? v : 0)) }
  }
  if (kind === 'bool') return { ...base, kind, values: Uint8Array.from(values, (v) => (v === true ? 1 : 0)) }
  if (kind === 'str' || kind === undefined) {
    const start = new Int32Array(n + 1)
    const parts: string[] = []
    let offset = 0
    for (let i = 0; i < n; i++) {
      if (present(i)) {
        parts.push(values[i] as string)
        offset += (values[i] as string).length
      }
      start[i + 1] = offset
    }
    return { ...base, kind: 'str', text: parts.join(''), start }
  }
  if (kind === 'json') {
    const start = new Int32Array(n + 1)
    const chunks: Buffer[] = []
    let offset = 0
    for (let i = 0; i < n; i++) {
      if (present(i)) {
        const b = Buffer.from(exactJson(values[i], key), 'utf8')
        chunks.push(b)
        offset += b.length
      }
      start[i + 1] = offset
    }
    return { ...base, kind: 'json', bytes: new Uint8Array(Buffer.concat(chunks)), start }
  }
  const start = new Int32Array(n + 1)
  let total = 0
  for (let i = 0; i < n; i++) {
    if (present(i)) total += (values[i] as TypedArray).length
    start[i + 1] = total
  }
  const all = makeTypedArray(kind, new ArrayBuffer(total * (values.find((v) => v !== undefined && v !== null) as TypedArray).BYTES_PER_ELEMENT), 0, total)
  for (let i = 0; i < n; i++) if (present(i)) all.set(values[i] as TypedArray & ArrayLike<number>, start[i]!)
  return { ...base, kind: 'typed', array: kind, start, values: all }
}

/** JSON that reads back as the same value, or an error naming the field */
function exactJson(v: unknown, key: string): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'number' && !Number.isFinite(x)) throw new TypeError(`the field ${key} holds ${x}, which JSON cannot carry`)
    if (x instanceof Map || x instanceof Set || ArrayBuffer.isView(x) || typeof x === 'function' || typeof x === 'bigint') {
      throw new TypeError(`the field ${key} holds a value JSON cannot carry exactly`)
    }
    return x
  })
}

const utf8 = new TextDecoder('utf-8')

/** The records of saved columns, each decoded on first use and kept. */
export class ColumnRecords<T extends object> implements RecordList<T> {
  readonly length: number
  readonly #columns: ColumnParts[]
  readonly #byKey: Map<string, ColumnParts>
  readonly #decoded: Array<T | undefined>
  constructor(parts: RecordsParts) {
    this.length = parts.length
    this.#columns = parts.columns
    this.#byKey = new Map(parts.columns.map((c) => [c.key, c]))
    this.#decoded = new Array(parts.length)
  }
  at(i: number): T {
    const done = this.#decoded[i]
    if (done !== undefined) return done
    const r: Record<string, unknown> = {}
    for (const c of this.#columns) {
      const tag = c.tags?.[i] ?? VALUE
      if (tag !== ABSENT) r[c.key] = tag === VALUE ? valueOf(c, i) : tag === NULL ? null : undefined
    }
    this.#decoded[i] = r as T
    return r as T
  }
  field<K extends keyof T>(i: number, key: K): T[K] {
    const done = this.#decoded[i]
    if (done !== undefined) return done[key]
    const c = this.#byKey.get(key as string)
    if (c === undefined) return undefined as T[K]
    const tag = c.tags?.[i] ?? VALUE
    return (tag === VALUE ? valueOf(c, i) : tag === NULL ? null : undefined) as T[K]
  }
  column<K extends keyof T>(key: K): (i: number) => T[K] {
    const c = this.#byKey.get(key as string)
    if (c === undefined) return () => undefined as T[K]
    const read = columnReader(c) as (i: number) => T[K]
    const tags = c.tags
    if (tags === undefined) return read
    return (i) => {
      const tag = tags[i]!
      return (tag === VALUE ? read(i) : tag === NULL ? null : undefined) as T[K]
    }
  }
}

/** valueOf for one column, specialised by its kind (the same values) */
function columnReader(c: ColumnParts): (i: number) => unknown {
  switch (c.kind) {
    case 'num':
    case 'int': {
      const values = c.values
      return (i) => values[i]
    }
    case 'bool': {
      const values = c.values
      return (i) => values[i] === 1
    }
    case 'str': {
      const { text, start } = c
      return (i) => text.slice(start[i]!, start[i + 1]!)
    }
    case 'typed': {
      const { values, start } = c
      return (i) => values.subarray(start[i]!, start[i + 1]!)
    }
    case 'json':
      return (i) => valueOf(c, i)
  }
}

function valueOf(c: ColumnParts, i: number): unknown {
  switch (c.kind) {
    case 'num':
    case 'int':
      return c.values[i]
    case 'bool':
      return c.values[i] === 1
    case 'str':
      return c.text.slice(c.start[i]!, c.start[i + 1]!)
    case 'typed':
      // a view on the file's bytes, not a copy (records are read-only: scoring reads a name's
      // weights and vocabulary ids and never writes them; a copy per decoded name cost an allocation)
      return c.values.subarray(c.start[i]!, c.start[i + 1]!)
    case 'json': {
      const text = utf8.decode(c.bytes.subarray(c.start[i]!, c.start[i + 1]!))
      if (text.length > SHARED_JSON_MAX) return JSON.parse(text)
      // short values repeat (a token's legal form, an abbreviation's words): one object each, shared
      // as the builder shares them (records are read-only)
      let memo = jsonMemo.get(c)
      if (memo === undefined) jsonMemo.set(c, (memo = new Map()))
      let v = memo.get(text)
      if (v === undefined && !memo.has(text)) memo.set(text, (v = deepFreeze(JSON.parse(text))))
      return v
    }
  }
}

/** a value shared by several records cannot be changed through one of them */
function deepFreeze<V>(v: V): V {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v)) deepFreeze(x)
  }
  return v
}

/** JSON values up to this length are parsed once per column, frozen and shared */
const SHARED_JSON_MAX = 80
const jsonMemo = new WeakMap<ColumnParts, Map<string, unknown>>()
