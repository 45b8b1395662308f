/**
 * A zip file (an XLSX workbook is one) may expand to far more than it weighs. Before a zip is handed to
 * a reader that inflates it whole (exceljs), every entry is inflated here once with an output cap, so
 * the sizes counted are the real ones, not the ones the headers claim: past MAX_DECOMPRESSED_LIST_BYTES
 * in all, the file is refused with PAYLOAD_TOO_LARGE. Stored (method 0) and deflated (method 8) entries
 * are read; anything else, ZIP64 or a damaged directory is refused as LIST_PARSE_FAILED.
 */
import { inflateRawSync } from 'node:zlib'
import { AppError } from '../../shared/errors.js'
import { MAX_DECOMPRESSED_LIST_BYTES } from './source-file.js'

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/** Throw unless every entry of the zip, inflated, adds up to at most `maxBytes`. Returns the total. */
export function assertZipWithinCap(name: string, bytes: Uint8Array, maxBytes: number = MAX_DECOMPRESSED_LIST_BYTES): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const damaged = (why: string): never => {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${name} is not a readable zip (XLSX) file: ${why}`, file: name })
  }
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) damaged('no end of central directory')
  const entries = buf.readUInt16LE(eocd + 10)
  let at = buf.readUInt32LE(eocd + 16)
  if (entries === 0xffff || at === 0xffffffff) damaged('ZIP64 is not supported')
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) damaged('a damaged central directory')
    const method = buf.readUInt16LE(at + 10)
    const compressed = buf.readUInt32LE(at + 20)
    const local = buf.readUInt32LE(at + 42)
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32)
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) damaged('a damaged local header')
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + compressed)
    if (data.length !== compressed) damaged('an entry runs past the end of the file')
    let size: number
    if (method === 0) size = compressed
    else if (method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes - total + 1) }).length
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) size = maxBytes + 1
        else damaged(`an entry does not inflate (${(e as Error).message})`)
      }
    } else damaged(`compression method ${method} is not supported`)
    total += size!
    if (total > maxBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', {
        detail: `${name} expands to more than ${maxBytes / 1024 / 1024} MiB when decompressed; the official list files are far smaller`,
        file: name,
        maxDecompressedBytes: maxBytes,
      })
    }
  }
  return total
}
