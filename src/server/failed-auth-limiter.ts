/**
 * A limit on failed authentications per client address: after `max` failures (missing, unknown or
 * revoked key) in a window, that address gets 429 for the rest of the window without its key being
 * looked up, so keys cannot be guessed at speed. Memory is bounded: at most `maxTrackedAddresses`
 * addresses are tracked, the oldest dropped first.
 */
export type FailedAuthLimit = { max: number; timeWindowMs: number; maxTrackedAddresses: number }

export type FailedAuthLimiter = {
  /** ms until the address may try again, or 0 when it may try now */
  retryAfterMs(address: string, nowMs: number): number
  /** count one failure for the address */
  noteFailure(address: string, nowMs: number): void
}

export function createFailedAuthLimiter(limit: FailedAuthLimit): FailedAuthLimiter {
  const windows = new Map<string, { failures: number; resetAtMs: number }>()
  return {
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
