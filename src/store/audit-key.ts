/**
 * The audit key: the HMAC key of the audit chain, kept out of the database. From `CHIPNAV_AUDIT_KEY`
 * (64 or more hex digits: 32 bytes or more) when the composition root passes it, else the key file
 * `<CHIPNAV_HOME>/audit.key`, created at the first start with 32 random bytes and mode 0600 (written to
 * a temporary file and linked into place, so two first starts agree on one key).
 *
 * `bindAuditKey` ties the key to a database at open: the first open with a key records a check value
 * (an HMAC of the switch-over point); a later open with another key is refused (AUDIT_KEY_INVALID), so
 * nobody writes events that no one can verify.
 */
import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../shared/errors.js'
import { hmacHex, type ChainKey } from '../records/hash-chain.js'
import type { Db } from './store-context.js'

export const AUDIT_KEY_FILE_NAME = 'audit.key'

/** Parses a key written as hex (64+ digits). */
export function parseAuditKey(text: string, where: string): Uint8Array {
  const t = text.trim()
  if (!/^(?:[0-9a-fA-F]{2}){32,}$/.test(t)) {
    throw new AppError('AUDIT_KEY_INVALID', { detail: `${where} is not an audit key: expected 64 or more hex digits (32 bytes or more), e.g. from \`openssl rand -hex 32\`` })
  }
  return Buffer.from(t, 'hex')
}

/** The audit key: `fromEnv` (CHIPNAV_AUDIT_KEY) when set, else the key file under `home`, created (0600) when missing. */
export function resolveAuditKey(options: { home: string; fromEnv?: string | undefined }): Uint8Array {
  if (options.fromEnv !== undefined && options.fromEnv.trim() !== '') return parseAuditKey(options.fromEnv, 'CHIPNAV_AUDIT_KEY')
  const file = join(options.home, AUDIT_KEY_FILE_NAME)
  try {
    return parseAuditKey(readFileSync(file, 'utf8'), file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e instanceof AppError ? e : new AppError('AUDIT_KEY_INVALID', { detail: `the audit key file ${file} cannot be read: ${(e as Error).message}` })
  }
  mkdirSync(options.home, { recursive: true })
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
    try {
      linkSync(tmp, file) // atomic: fails when another first start got there first
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  } finally {
    rmSync(tmp, { force: true })
  }
  return parseAuditKey(readFileSync(file, 'utf8'), file)
}

/** The text the key's check value is the HMAC of: it names the switch-over point, so that is tamper-evident too. */
export const keyCheckText = (keyedFromSeq: number) => `chipnav audit chain: keyed from event ${keyedFromSeq}`

/** Reads the switch-over point and records (first open) or checks the key's check value. */
export async function bindAuditKey(db: Db, key: Uint8Array): Promise<ChainKey> {
  const row = await db.selectFrom('audit_chain').selectAll().where('id', '=', 1).executeTakeFirst()
  if (!row) throw new AppError('AUDIT_KEY_INVALID', { detail: 'the database has no audit chain marker (audit_chain): it was changed outside chipnav' })
  const keyedFromSeq = Number(row.keyed_from_seq)
  const check = hmacHex(key, keyCheckText(keyedFromSeq))
  if (row.key_check === null) {
    await db.updateTable('audit_chain').set({ key_check: check }).where('id', '=', 1).where('key_check', 'is', null).execute()
    const again = await db.selectFrom('audit_chain').select('key_check').where('id', '=', 1).executeTakeFirstOrThrow()
    if (again.key_check !== check) throw wrongKey()
  } else if (row.key_check !== check) {
    throw wrongKey()
  }
  return { key, keyedFromSeq }
}

const wrongKey = () =>
  new AppError('AUDIT_KEY_INVALID', {
    detail: 'this audit key is not the one this database was first opened with (or the chain marker was edited): set CHIPNAV_AUDIT_KEY, or restore CHIPNAV_HOME/audit.key, to the original key',
  })
