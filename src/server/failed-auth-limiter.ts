/**
 * A limit on failed authentications per client address: after `max` failures (missing, unknown or
 * revoked key) in a window, that address gets 429 for the rest of the window without its key being
 * looked up, so keys cannot be guessed at speed. A key that authenticated before (remembered by its
 * hash) still gets in from that address, so a guesser behind the same address (a NAT, a proxy) does
 * not lock out the people who hold keys. Memory is bounded: at most `maxTrackedAddresses` addresses and
 * as many remembered keys, the oldest dropped first.
 */
export type FailedAuthLimit = { max: number; timeWindowMs: number; maxTrackedAddresses: number }

export type FailedAuthLimiter = {
  /** ms until the address may try again, or 0 when it may try now */
  retryAfterMs(address: string, nowMs: number): number
  /** count one failure for the address */
  noteFailure(address: string, nowMs: number): void
  /** remember a key (its hash) that authenticated */
  noteSuccess(keyHash: string): void
  /** whether this key authenticated before */
  isKnownKey(keyHash: string): boolean
}

export function createFailedAuthLimiter(limit: FailedAuthLimit): FailedAuthLimiter {
  const windows = new Map<string, { failures: number; resetAtMs: number }>()
  const knownKeys = new Set<string>()
  return {
    noteSuccess(keyHash) {
      if (knownKeys.has(keyHash)) return
      if (knownKeys.size >= limit.maxTrackedAddresses) {
        const oldest = knownKeys.values().next().value
        if (oldest !== undefined) knownKeys.delete(oldest)
      }
      knownKeys.add(keyHash)
    },
    isKnownKey: (keyHash) => knownKeys.has(keyHash),
    retryAfterMs(address, nowMs) {
      const w = windows.get(address)
      if (!w) return 0
      if (w.resetAtMs <= nowMs) {
        windows.delete(address)
        return 0
      }
      return w.failures >= limit.max ? w.resetAtMs - nowMs : 0
    },
    noteFailure(address, nowMs) {
      const w = windows.get(address)
      if (w && w.resetAtMs > nowMs) {
        w.failures++
        return
      }
      windows.delete(address)
      if (windows.size >= limit.maxTrackedAddresses) {
        const oldest = windows.keys().next().value
        if (oldest !== undefined) windows.delete(oldest)
      }
      windows.set(address, { failures: 1, resetAtMs: nowMs + limit.timeWindowMs })
    },
  }
}
