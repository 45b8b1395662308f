/**
 * A saved screening index opened from its file, for one query (the CLI): the header and the block
 * table are read and checked when it is opened; the body is read when it is used, a typed array whole
 * on first use, a long string or a column of JSON values a piece at a time, and each block of it (4 KiB)
 * is checked against its crc32 when first read. A query reads the few MB it needs of the ~70 MB file,
 * and every byte it uses is checked. A damaged block throws IndexFileError when it is read, which may
 * be in the middle of a query: the caller rebuilds (screening-index-store.ts, `loadScreener`).
 *
 * The file stays open for the life of the process (the value reads from it); on Linux and macOS a
 * newer index written over it meanwhile does not change what this one reads.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import { FrozenStringMap, type FrozenMapParts } from './frozen-string-map.js'
import { IndexFileError, parseHeader, PRELUDE, readPrelude, tableBytesOf, type Node } from './index-file.js'
import { ColumnRecords, makeTypedArray, type ByteSlices, type RecordsParts, type TextSlices, type TypedArrayName } from './record-list.js'

const BYTES_PER_ELEMENT: Record<TypedArrayName, number> = {
  Int8Array: 1, Uint8Array: 1, Int16Array: 2, Uint16Array: 2, Int32Array: 4, Uint32Array: 4, Float32Array: 4, Float64Array: 8,
}

/** The body of an opened file: bytes read on demand, each block checked once. */
class FileBody {
  readonly #blocks = new Map<number, Buffer>()
  constructor(
    readonly fd: number,
    readonly bodyStart: number,
    readonly bodyBytes: number,
    readonly blockBytes: number,
    readonly crcs: Uint32Array,
  ) {}

  /** body bytes [from, to), every block they touch checked (a view: never written to) */
  bytes(from: number, to: number): Buffer {
    if (from < 0 || to > this.bodyBytes || from > to) throw new IndexFileError(`index file: bytes ${from}-${to} are outside its body`)
    if (from === to) return Buffer.alloc(0)
    const b0 = Math.floor(from / this.blockBytes)
    const b1 = Math.floor((to - 1) / this.blockBytes)
    const base = b0 * this.blockBytes
    const span = b0 === b1 ? (this.#blocks.get(b0) ?? this.#read(b0, b1)) : this.#read(b0, b1)
    return span.subarray(from - base, to - base)
  }

  /** blocks b0..b1 read with one call and checked; each kept (a piece of a long string or column is read again soon) */
  #read(b0: number, b1: number): Buffer {
    const B = this.blockBytes
    const start = b0 * B
    const end = Math.min((b1 + 1) * B, this.bodyBytes)
    // its own ArrayBuffer: a typed array's view must start 8-aligned
    const span = Buffer.allocUnsafeSlow(end - start)
    readFully(this.fd, span, this.bodyStart + start)
    for (let k = b0; k <= b1; k++) {
      const block = span.subarray((k - b0) * B, Math.min((k - b0 + 1) * B, span.length))
      if (crc32(block) !== this.crcs[k]) throw new IndexFileError(`index file damaged (crc32 of block ${k} differs)`)
      this.#blocks.set(k, block)
    }
    return span
  }
}

function readFully(fd: number, into: Buffer, position: number): void {
  let done = 0
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done)
    if (n === 0) throw new IndexFileError('index file truncated')
    done += n
  }
}

/** a latin1 or UTF-16 string in the body, decoded a piece at a time */
class BodyText implements TextSlices {
  readonly length: number
  readonly #width: 1 | 2
  constructor(
    readonly body: FileBody,
    readonly offset: number,
    readonly encoding: 'latin1' | 'utf16le',
    byteLength: number,
  ) {
    this.#width = encoding === 'latin1' ? 1 : 2
    this.length = byteLength / this.#width
  }
  #bytes(from: number, to: number): Buffer {
    return this.body.bytes(this.offset + from * this.#width, this.offset + to * this.#width)
  }
  slice(from: number, to: number): string {
    return this.#bytes(from, to).toString(this.encoding)
  }
  startsWith(s: string, position: number): boolean {
    if (position + s.length > this.length) return false
    const b = this.#bytes(position, position + s.length)
    if (this.#width === 1) {
      for (let j = 0; j < s.length; j++) if (b[j] !== s.charCodeAt(j)) return false
    } else {
      for (let j = 0; j < s.length; j++) if ((b[2 * j]! | (b[2 * j + 1]! << 8)) !== s.charCodeAt(j)) return false
    }
    return true
  }
}

/** a byte column (JSON values) in the body, read a piece at a time */
class BodyBytes implements ByteSlices {
  constructor(
    readonly body: FileBody,
    readonly offset: number,
    readonly length: number,
  ) {}
  subarray(from: number, to: number): Uint8Array {
    return this.body.bytes(this.offset + from, this.offset + to)
  }
}

export type OpenedIndexFile = {
  key: unknown
  /** the saved value; its parts are read from the file when first used */
  value(): unknown
  close(): void
}

/**
 * Open an index file: its prelude, header and block table read and checked (crc32); throws
 * IndexFileError when they are damaged or the file's size differs from what its header says.
 */
export function openIndexFile(path: string): OpenedIndexFile {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    const prelude = Buffer.alloc(PRELUDE)
    if (size < PRELUDE) throw new IndexFileError('not a chipnav screening index file')
    readFully(fd, prelude, 0)
    const { headerBytes, headerCrc } = readPrelude(prelude)
    if (PRELUDE + headerBytes > size) throw new IndexFileError('index file truncated (header)')
    const headerBuf = Buffer.alloc(headerBytes)
    readFully(fd, headerBuf, PRELUDE)
    if (crc32(headerBuf) !== headerCrc) throw new IndexFileError('index file damaged (crc32 of the header differs)')
    const h = parseHeader(headerBuf)
    const tableBytes = tableBytesOf(h.blocks)
    const bodyStart = PRELUDE + headerBytes + tableBytes
    if (bodyStart + h.bodyBytes !== size) throw new IndexFileError(`index file has ${size} bytes, its header says ${bodyStart + h.bodyBytes}`)
    const table = Buffer.allocUnsafeSlow(tableBytes)
    readFully(fd, table, PRELUDE + headerBytes)
    if (crc32(table.subarray(0, 4 * h.blocks)) !== h.tableCrc) throw new IndexFileError('index file damaged (crc32 of the block table differs)')
    const body = new FileBody(fd, bodyStart, h.bodyBytes, h.blockBytes, new Uint32Array(table.buffer, 0, h.blocks))
    return { key: h.key, value: () => decodeLazily(h.root, body), close: () => closeSync(fd) }
  } catch (e) {
    closeSync(fd)
    throw e
  }
}

function decodeLazily(root: Node, body: FileBody): unknown {
  const typedArray = (n: { $ta: [TypedArrayName, number, number] }) => {
    const [name, offset, length] = n.$ta
    const b = body.bytes(offset, offset + length * BYTES_PER_ELEMENT[name])
    return makeTypedArray(name, b.buffer, b.byteOffset, length)
  }
  const text = (n: Node): unknown => (n !== null && typeof n === 'object' && '$s' in n ? new BodyText(body, n.$s[1], n.$s[0], n.$s[2]) : dec(n))
  const bytes = (n: Node): unknown => (n !== null && typeof n === 'object' && '$ta' in n && n.$ta[0] === 'Uint8Array' ? new BodyBytes(body, n.$ta[1], n.$ta[2]) : dec(n))
  /** an object whose typed arrays are read when first used; `special` decodes some fields another way */
  const object = (fields: Record<string, Node>, special: Record<string, (n: Node) => unknown> = {}): Record<string, unknown> => {
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(fields)) {
      const how = special[k]
      if (how !== undefined) o[k] = how(x)
      else if (x !== null && typeof x === 'object' && '$ta' in x) {
        const set = (value: unknown) => Object.defineProperty(o, k, { value, writable: true, enumerable: true, configurable: true })
        Object.defineProperty(o, k, {
          enumerable: true,
          configurable: true,
          get() {
            const value = typedArray(x)
            set(value)
            return value
          },
          set,
        })
      } else o[k] = dec(x)
    }
    return o
  }
  const dec = (n: Node): unknown => {
    if (n === null || typeof n !== 'object') return n
    if (Array.isArray(n)) return n.map(dec)
    if ('$ta' in n) return typedArray(n)
    if ('$s' in n) return body.bytes(n.$s[1], n.$s[1] + n.$s[2]).toString(n.$s[0])
    if ('$num' in n) return Number(n.$num)
    if ('$undef' in n) return undefined
    if ('$map' in n) {
      const parts = n.$map
      if (parts === null || typeof parts !== 'object' || !('$obj' in parts)) return new FrozenStringMap(dec(parts) as FrozenMapParts)
      return new FrozenStringMap(object(parts.$obj, { keys: text }) as FrozenMapParts)
    }
    if ('$rec' in n) {
      const parts = n.$rec
      if (parts === null || typeof parts !== 'object' || !('$obj' in parts)) return new ColumnRecords(dec(parts) as RecordsParts)
      const { columns, ...rest } = parts.$obj
      const cols = Array.isArray(columns)
        ? columns.map((c) => {
            if (c === null || typeof c !== 'object' || !('$obj' in c)) return dec(c)
            const kind = c.$obj.kind
            return object(c.$obj, kind === 'str' ? { text } : kind === 'json' ? { bytes } : {})
          })
        : dec(columns ?? null)
      return new ColumnRecords({ ...(object(rest) as { length: number }), columns: cols } as RecordsParts)
    }
    return object(n.$obj)
  }
  return dec(root)
}
