/** Cursor paging: opaque base64url cursors over a sort key, a bounded page size. */
import { AppError } from '../shared/errors.js'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from '../records/records-store.js'

export function encodeCursor(key: string | number): string {
  return Buffer.from(String(key), 'utf8').toString('base64url')
}
export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null
  const s = Buffer.from(cursor, 'base64url').toString('utf8')
  if (s === '') throw new AppError('VALIDATION_FAILED', { detail: 'the cursor is not valid', issues: [{ path: 'cursor', message: 'not a cursor this API returned' }] })
  return s
}
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE
  if (!Number.isInteger(limit) || limit < 1) throw new AppError('VALIDATION_FAILED', { detail: 'limit must be a positive integer', issues: [{ path: 'limit', message: 'expected a positive integer' }] })
  return Math.min(limit, MAX_PAGE_SIZE)
}
export function toPage<R, T>(rows: R[], limit: number, key: (r: R) => string | number, map: (r: R) => T): Page<T> {
  const more = rows.length > limit
  const slice = more ? rows.slice(0, limit) : rows
  const last = slice[slice.length - 1]
  return { items: slice.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null }
}
