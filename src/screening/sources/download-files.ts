import { AppError } from '../../shared/errors.js'
import type { DownloadTarget, FetchLike } from './list-source.js'
import type { SourceFile } from './source-file.js'

/** A list file that has not arrived after this long counts as failed. */
export const DOWNLOAD_TIMEOUT_MS = 120_000

/**
 * Fetch each target, noting its URL and the publisher's Last-Modified date (the snapshot's date when the files state
 * none: snapshots/list-dating.ts); a required file that fails stops everything with LIST_DOWNLOAD_FAILED, an
 * optional one (e.g. `sdn_comments.csv`) is skipped. Nothing is written here: the caller imports.
 */
export async function downloadFiles({ fetch, targets }: { fetch: FetchLike; targets: DownloadTarget[] }): Promise<SourceFile[]> {
  const files: SourceFile[] = []
  for (const t of targets) {
    let bytes: Uint8Array
    let lastModified: string | undefined
    try {
      const res = await fetch(t.url, { redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
      if (!res.ok) throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`)
      lastModified = httpDate(res.headers.get('last-modified'))
      bytes = new Uint8Array(await res.arrayBuffer())
      if (bytes.length === 0) throw new Error('empty response')
    } catch (e) {
      if (!t.isRequired) continue
      const cause = e as Error & { cause?: { code?: string; message?: string } }
      const reason = cause.cause?.code ?? cause.cause?.message ?? cause.message
      throw new AppError('LIST_DOWNLOAD_FAILED', {
        detail: `could not download ${t.name} from ${t.url}: ${reason}`,
        url: t.url,
        hint: 'check the network, or download the files yourself and run `chipnav lists import <file>...`',
      })
    }
    files.push({ name: t.name, bytes, download: { url: t.url, ...(lastModified !== undefined ? { lastModified } : {}) } })
  }
  return files
}

/** An HTTP date (RFC 9110: "Wed, 02 Dec 2026 18:04:11 GMT") as an ISO 8601 UTC timestamp; undefined when absent or unreadable. */
export function httpDate(value: string | null): string | undefined {
  if (value === null || value.trim() === '') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}
