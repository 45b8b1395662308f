/**
 * Database failures a caller can act on, told apart from bugs: the disk is full, the database file is
 * read-only, or the server cannot be reached (a PostgreSQL restart, a dropped connection). Recognised by
 * the driver's error code only (better-sqlite3's `SQLITE_*`, PostgreSQL's SQLSTATE, Node's socket
 * codes), so this module imports no driver. Anything else stays unrecognised (undefined).
 */
import { AppError } from './errors.js'

type CodedError = { code?: unknown; message?: unknown }

/** PostgreSQL SQLSTATEs of a connection lost or refused: admin shutdown, crash shutdown, cannot connect now, connection exceptions. */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300'])
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'])

export function databaseErrorToAppError(error: unknown): AppError | undefined {
  if (error === null || typeof error !== 'object') return undefined
  const { code, message } = error as CodedError
  const text = typeof message === 'string' ? message : ''
  if (typeof code === 'string') {
    if (code === 'SQLITE_FULL') return new AppError('STORE_FULL', { detail: 'the database is full (no space left on the disk, or its size limit): nothing was written; free space and retry' })
    if (code.startsWith('SQLITE_READONLY')) return new AppError('STORE_READ_ONLY', { detail: 'the database is read-only (file permissions, a read-only disk or mount): nothing was written' })
    if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      return new AppError('STORE_UNAVAILABLE', { detail: `the database file cannot be read or written (${code}): nothing was written` })
    }
    if (PG_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code)) return new AppError('STORE_UNAVAILABLE', { detail: `the database connection was lost or refused (${code}); retry` })
  }
  // pg reports a connection closed under a query without a code
  if (/^Connection terminated|^Client has encountered a connection error|^terminating connection/.test(text)) return new AppError('STORE_UNAVAILABLE', { detail: 'the database connection was lost; retry' })
  return undefined
}
