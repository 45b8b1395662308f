/**
 * What every list source reads: a named file as bytes. `name` is the base name as published
 * (e.g. `consolidated.csv.gz`, `sdn.csv`), used for detection and in error messages.
 */
import { gunzipSync } from 'node:zlib'
import { AppError } from '../../shared/errors.js'

export type SourceFile = {
  name: string
  bytes: Uint8Array
  /** set when chipnav downloaded the file from the official source: its URL and the publisher's dates */
  download?: FileDownload
}

/** Where and when a file was downloaded, and the date its publisher's server gave for it. */
export type FileDownload = {
  url: string
  /** the HTTP Last-Modified header as an ISO 8601 UTC timestamp; absent when the server gave none (or an unreadable one) */
  lastModified?: string
}

const GZIP_MAGIC = [0x1f, 0x8b] as const

/**
 * The most a gzip list file may expand to (bytes). The official files are a few MB (the CSL's
 * consolidated.csv is 5.8 MB); a file that expands past this is refused before it is fully inflated,
 * so a small "gzip bomb" cannot exhaust the memory of the server or the CLI.
 */
export const MAX_DECOMPRESSED_LIST_BYTES = 128 * 1024 * 1024

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]
}

/** The file name without a trailing `.gz`, lower-cased: `CONS_PRIM.CSV.gz` → `cons_prim.csv`. */
export function baseFormatName(name: string): string {
  return name.toLowerCase().replace(/\.gz$/, '')
}

/**
 * The file as text: gunzipped when gzip, UTF-8 when valid, else Latin-1 (older OFAC files),
 * without a byte-order mark and without the DOS end-of-file byte (0x1A) OFAC files end with.
 */
export function decodeText(file: SourceFile): string {
  let bytes = file.bytes
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_LIST_BYTES })
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
        throw new AppError('PAYLOAD_TOO_LARGE', {
          detail: `${file.name} expands to more than ${MAX_DECOMPRESSED_LIST_BYTES / 1024 / 1024} MiB when decompressed; the official list files are far smaller`,
          file: file.name,
          maxDecompressedBytes: MAX_DECOMPRESSED_LIST_BYTES,
        })
      }
      throw new AppError('LIST_PARSE_FAILED', {
        detail: `${file.name} is not a valid gzip file (${(e as Error).message}); the file may be truncated`,
        file: file.name,
      })
    }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('latin1').decode(bytes)
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return text.replace(/\x1a+\s*$/, '')
}
