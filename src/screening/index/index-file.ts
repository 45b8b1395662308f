/**
 * The file a built screening index is saved in: the index works from the file's bytes (typed arrays
 * are views on them; maps are hash tables in typed arrays; records are decoded one at a time when used).
 *
 *   "CHNVIDX\n"  u32 format version  u32 header bytes  u32 crc32 of the header  u32 byte-order mark
 *   header: JSON { key, root, bodyBytes, bodyCrc, blockBytes, blocks, tableCrc }, padded to 8 bytes
 *   table: the crc32 of each block of the body (4 KiB; u32 each), padded to 8 bytes
 *   body: the typed arrays and long strings, each at an 8-byte boundary
 *
 * Read whole (`decodeIndexFile`: batch workers share the bytes, the server keeps them), the body is
 * checked at once against `bodyCrc`. Opened from the file (`openIndexFile`, index-file-reader.ts: one
 * CLI query, which uses a small part of the index), the header and block table are checked when opened
 * and each block of the body when it is first read, so every byte used is checked and no other is read.
 *
 * Generic over the content: any tree of plain objects, arrays of primitives, numbers, strings,
 * booleans, null, typed arrays, string-keyed Maps (of integers, floats or lists of integers) and
 * `RecordList`s round-trips, so a field the index builder adds is saved without a change here.
 * `key` says what the index was built from (snapshots, code); the caller compares it before use.
 */
import { crc32 } from 'node:zlib'
import { FrozenStringMap, freezeStringMap, type FrozenMapParts } from './frozen-string-map.js'
import { ColumnRecords, makeTypedArray, recordsToColumns, typedArrayName, type RecordList, type RecordsParts, type TypedArrayName } from './record-list.js'

/** bump when the layout of this file changes (the content's own changes are caught by the key's code hash) */
export const INDEX_FILE_FORMAT = 2
const MAGIC = Buffer.from('CHNVIDX\n', 'latin1')
const BOM = 0x01020304
export const PRELUDE = 24
/** strings longer than this go to the body instead of the header */
const INLINE_STRING_MAX = 200
/** the body is checked in blocks of this many bytes when it is read a piece at a time (a multiple of 8) */
export const BLOCK_BYTES = 4096

export class IndexFileError extends Error {}

export type Node =
  | null
  | boolean
  | number
  | string
  | Node[]
  | { $ta: [TypedArrayName, number, number] }
  | { $s: ['latin1' | 'utf16le', number, number] }
  | { $num: 'Infinity' | '-Infinity' | 'NaN' }
  | { $undef: 1 }
  | { $map: Node }
  | { $rec: Node }
  | { $obj: Record<string, Node> }

export function isRecordList(v: unknown): v is RecordList<object> {
  return typeof v === 'object' && v !== null && typeof (v as RecordList<object>).at === 'function' && typeof (v as RecordList<object>).field === 'function'
}

/** `blockBytes`: the size of the blocks checked one by one when the file is read a piece at a time (tests use small ones) */
export function encodeIndexFile(key: unknown, value: unknown, { blockBytes = BLOCK_BYTES }: { blockBytes?: number } = {}): Buffer {
  if (!Number.isInteger(blockBytes) || blockBytes < 8 || blockBytes % 8 !== 0) throw new TypeError(`blockBytes must be a positive multiple of 8, got ${blockBytes}`)
  const chunks: Buffer[] = []
  let bodyBytes = 0
  const put = (b: Buffer): number => {
    const off = bodyBytes
    chunks.push(b)
    bodyBytes += b.length
    const pad = (8 - (bodyBytes % 8)) % 8
    if (pad > 0) {
      chunks.push(Buffer.alloc(pad))
      bodyBytes += pad
    }
    return off
  }
  const enc = (v: unknown, path: string): Node => {
    if (v === null || typeof v === 'boolean') return v
    if (v === undefined) return { $undef: 1 }
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) as 'Infinity' }
    if (typeof v === 'string') {
      if (v.length <= INLINE_STRING_MAX) return v
      const encoding = /[^\u0000-\u00ff]/.test(v) ? 'utf16le' : 'latin1'
      const b = Buffer.from(v, encoding)
      return { $s: [encoding, put(b), b.length] }
    }
    const ta = typedArrayName(v)
    if (ta !== undefined) {
      const a = v as Uint8Array
      return { $ta: [ta, put(Buffer.from(a.buffer, a.byteOffset, a.byteLength)), a.length] }
    }
    if (v instanceof Map) return { $map: enc(freezeStringMap(v), path) }
    if (v instanceof FrozenStringMap) return { $map: enc(freezeStringMap(new Map(v)), path) }
    if (isRecordList(v)) return { $rec: enc(recordsToColumns(v), path) }
    if (Array.isArray(v)) return v.map((x, i) => enc(x, `${path}[${i}]`))
    if (Object.getPrototypeOf(v) === Object.prototype) {
      const o: Record<string, Node> = {}
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = enc(x, `${path}.${k}`)
      return { $obj: o }
    }
    throw new TypeError(`cannot save ${path} in a screening index file (${Object.prototype.toString.call(v)})`)
  }
  const root = enc(value, '$')
  const body = Buffer.concat(chunks, bodyBytes)
  const blocks = Math.ceil(bodyBytes / blockBytes)
  const table = Buffer.alloc(tableBytesOf(blocks))
  for (let k = 0; k < blocks; k++) table.writeUInt32LE(crc32(body.subarray(k * blockBytes, Math.min((k + 1) * blockBytes, bodyBytes))), 4 * k)
  const tableCrc = crc32(table.subarray(0, 4 * blocks))
  let header = Buffer.from(JSON.stringify({ key, root, bodyBytes, bodyCrc: crc32(body), blockBytes, blocks, tableCrc } satisfies Header), 'utf8')
  header = Buffer.concat([header, Buffer.alloc((8 - ((PRELUDE + header.length) % 8)) % 8, 0x20)])
  const prelude = Buffer.alloc(PRELUDE)
  MAGIC.copy(prelude, 0)
  prelude.writeUInt32LE(INDEX_FILE_FORMAT, 8)
  prelude.writeUInt32LE(header.length, 12)
  prelude.writeUInt32LE(crc32(header), 16)
  prelude.writeUInt32LE(BOM, 20)
  return Buffer.concat([prelude, header, table, body])
}

export type Header = { key: unknown; root: Node; bodyBytes: number; bodyCrc: number; blockBytes: number; blocks: number; tableCrc: number }

/** the block table's size on disk: a u32 per block, padded to 8 bytes */
export const tableBytesOf = (blocks: number): number => Math.ceil((4 * blocks) / 8) * 8

/** The prelude's header size and crc32, checked for magic, format and byte order; throws IndexFileError. */
export function readPrelude(prelude: Buffer): { headerBytes: number; headerCrc: number } {
  if (prelude.length < PRELUDE || !prelude.subarray(0, 8).equals(MAGIC)) throw new IndexFileError('not a chipnav screening index file')
  const format = prelude.readUInt32LE(8)
  if (format !== INDEX_FILE_FORMAT) throw new IndexFileError(`index file format ${format}, this version reads ${INDEX_FILE_FORMAT}`)
  if (prelude.readUInt32LE(20) !== BOM || new Uint32Array(new Uint8Array([4, 3, 2, 1]).buffer)[0] !== BOM) throw new IndexFileError('index file written on a machine of another byte order')
  return { headerBytes: prelude.readUInt32LE(12), headerCrc: prelude.readUInt32LE(16) }
}

/** The header's JSON; throws IndexFileError when it is not valid. */
export function parseHeader(bytes: Buffer): Header {
  let h: Header
  try {
    h = JSON.parse(bytes.toString('utf8')) as Header
  } catch {
    throw new IndexFileError('index file header is not valid JSON')
  }
  const isCount = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min
  if (!isCount(h.bodyBytes, 0) || !isCount(h.blockBytes, 8) || h.blockBytes % 8 !== 0 || h.blocks !== Math.ceil(h.bodyBytes / h.blockBytes)) {
    throw new IndexFileError('index file header does not describe its body')
  }
  return h
}

/** The format version and key of a file, without checking or decoding the body; throws IndexFileError. */
export function readIndexFileKey(buf: Buffer): unknown {
  return readHeader(buf).key
}

function readHeader(buf: Buffer): Header & { headerBytes: number; headerCrc: number; bodyStart: number } {
  const { headerBytes, headerCrc } = readPrelude(buf)
  if (PRELUDE + headerBytes > buf.length) throw new IndexFileError('index file truncated (header)')
  const h = parseHeader(buf.subarray(PRELUDE, PRELUDE + headerBytes))
  const bodyStart = PRELUDE + headerBytes + tableBytesOf(h.blocks)
  if (bodyStart + h.bodyBytes !== buf.length) throw new IndexFileError(`index file has ${buf.length} bytes, its header says ${bodyStart + h.bodyBytes}`)
  return { ...h, headerBytes, headerCrc, bodyStart }
}

/** Throws IndexFileError when the file's crc32s differ (a damaged file). */
export function checkIndexFile(buf: Buffer): void {
  const h = readHeader(buf)
  if (crc32(buf.subarray(PRELUDE, PRELUDE + h.headerBytes)) !== h.headerCrc) throw new IndexFileError('index file damaged (crc32 of the header differs)')
  const tableStart = PRELUDE + h.headerBytes
  if (crc32(buf.subarray(tableStart, tableStart + 4 * h.blocks)) !== h.tableCrc) throw new IndexFileError('index file damaged (crc32 of the block table differs)')
  if (crc32(buf.subarray(h.bodyStart)) !== h.bodyCrc) throw new IndexFileError('index file damaged (crc32 differs)')
}

/**
 * Open a file written by encodeIndexFile, checking it first (crc32) unless `isChecked` (bytes another
 * thread already checked); throws IndexFileError when it is damaged. The result's typed arrays are
 * views on `buf` (which may live in a SharedArrayBuffer).
 */
export function decodeIndexFile(buf: Buffer, { isChecked = false }: { isChecked?: boolean } = {}): { key: unknown; value: unknown } {
  const { key, root, bodyStart: start } = readHeader(buf)
  if (!isChecked) checkIndexFile(buf)
  // typed arrays are views on the file's bytes: they need an 8-aligned start
  let bytes = buf
  if ((bytes.byteOffset + start) % 8 !== 0) bytes = Buffer.from(new Uint8Array(buf))
  const bodyStart = bytes.byteOffset + start
  const dec = (n: Node): unknown => {
    if (n === null || typeof n !== 'object') return n
    if (Array.isArray(n)) return n.map(dec)
    if ('$ta' in n) return makeTypedArray(n.$ta[0], bytes.buffer, bodyStart + n.$ta[1], n.$ta[2])
    if ('$s' in n) return bytes.toString(n.$s[0], start + n.$s[1], start + n.$s[1] + n.$s[2])
    if ('$num' in n) return Number(n.$num)
    if ('$undef' in n) return undefined
    if ('$map' in n) return new FrozenStringMap(dec(n.$map) as FrozenMapParts)
    if ('$rec' in n) return new ColumnRecords(dec(n.$rec) as RecordsParts)
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(n.$obj)) o[k] = dec(x)
    return o
  }
  return { key, value: dec(root) }
}
