/**
 * The audit chain. Each event hashes the previous event's hash and its own content; each audited row
 * has a row hash (sha256 of the canonical JSON of the record as read back), and the chain records the
 * row hash after each change. Verification
 *   1. re-hashes every event in sequence (an edited, inserted or deleted event breaks the chain or the
 *      sequence), and checks the chain head (a truncated tail no longer matches it);
 *   2. re-hashes every row of every audited table and compares it with the after-hash of the latest event
 *      for that row: a different hash is an edited row, a row without events an inserted row, and a
 *      latest event with an after-hash but no row a deleted row.
 */
import { createHmac } from 'node:crypto'
import { sha256Hex } from '../shared/hash.js'
import type { AuditEvent } from './audit-events.js'

export const GENESIS_HASH = '0'.repeat(64)

/**
 * Canonical JSON: what JSON.stringify would write, with object keys sorted (the same text as
 * `canonicalJson` in shared/hash.ts, written as one recursive pass because rows are hashed on every
 * write). A value and its JSON round trip give the same text, so a record hashes the same whether it
 * was built in memory or read back from a JSON column.
 */
export function canonicalize(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
    case 'number':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      const toJSON = (value as { toJSON?: unknown }).toJSON
      if (typeof toJSON === 'function') return canonicalize((toJSON as () => unknown).call(value))
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ','
          const v: unknown = value[i]
          out += v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : canonicalize(v)
        }
        return `${out}]`
      }
      const o = value as Record<string, unknown>
      const keys = Object.keys(o).sort()
      let out = '{'
      let isFirst = true
      for (const k of keys) {
        const v = o[k]
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue
        out += `${isFirst ? '' : ','}${JSON.stringify(k)}:${canonicalize(v)}`
        isFirst = false
      }
      return `${out}}`
    }
    case 'bigint':
      throw new TypeError('a bigint cannot be written as JSON')
    default:
      return 'null'
  }
}

/** The hash of one stored record (as mapped from its row; the same mapper for write and verify). */
export function rowHash(record: unknown): string {
  return sha256Hex(canonicalize(record))
}

/**
 * The keyed chain (issue 11): from `keyedFromSeq` on, an event's hash is HMAC-SHA256 under a key that is
 * not in the database, so direct database access cannot rewrite the chain consistently; events before
 * it (written before the switch-over) keep their plain sha256 links.
 */
export type ChainKey = { key: Uint8Array; keyedFromSeq: number }
/** The key an event at `seq` is hashed with (null: plain sha256). */
export const keyForSeq = (chain: ChainKey | null, seq: number): Uint8Array | null => (chain !== null && seq >= chain.keyedFromSeq ? chain.key : null)

/** HMAC-SHA256 hex of `text` under `key`. */
export const hmacHex = (key: Uint8Array, text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('hex')

/** The hash of an event: the previous hash, then the canonical JSON of its content; HMAC under `key` when given. */
export function eventHash(prevHash: string, event: Omit<AuditEvent, 'prevHash' | 'hash'>, key: Uint8Array | null = null): string {
  const content = {
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    beforeHash: event.beforeHash,
    afterHash: event.afterHash,
    data: event.data ?? null,
  }
  const text = prevHash + canonicalize(content)
  return key === null ? sha256Hex(text) : hmacHex(key, text)
}

export type ChainCheck = { ok: true; lastSeq: number; lastHash: string } | { ok: false; seq: number; detail: string; kind: 'chain-broken' | 'event-missing' | 'event-edited' }

/**
 * Checks a run of events (in seq order) continuing from `prev`. Call it page by page: pass the returned
 * lastSeq/lastHash as the next `prev`.
 */
export function checkChain(events: readonly AuditEvent[], prev: { seq: number; hash: string }, chain: ChainKey | null = null): ChainCheck {
  let { seq, hash } = prev
  for (const e of events) {
    if (e.seq !== seq + 1) return { ok: false, seq: e.seq, kind: 'event-missing', detail: `event ${seq + 1} is missing (found ${e.seq} after ${seq})` }
    if (e.prevHash !== hash) return { ok: false, seq: e.seq, kind: 'chain-broken', detail: `event ${e.seq} does not follow event ${seq}: its prevHash is not that event's hash` }
    const { prevHash: _p, hash: _h, ...content } = e
    if (eventHash(e.prevHash, content, keyForSeq(chain, e.seq)) !== e.hash) return { ok: false, seq: e.seq, kind: 'event-edited', detail: `event ${e.seq} was edited: its content does not match its hash` }
    seq = e.seq
    hash = e.hash
  }
  return { ok: true, lastSeq: seq, lastHash: hash }
}
