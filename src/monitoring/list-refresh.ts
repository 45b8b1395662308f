/**
 * Lists that refresh themselves (issue 13): download the official files on a schedule and import them all or
 * nothing. A failed download or a file that does not validate leaves the last good snapshot active and raises a
 * `list.refresh-failed` event (and so a webhook); a new snapshot moves the active pointer, which the snapshot
 * watcher turns into a screener swap and a delta re-screen.
 */
import type { MonitoringStore } from '../records/monitoring-records.js'
import { updateLists } from '../screening/snapshots/update-lists.js'
import type { FetchLike } from '../screening/sources/list-source.js'
import { AppError, isAppError } from '../shared/errors.js'
import type { BindingJurisdiction } from '../shared/jurisdictions.js'

/** `CHIPNAV_LIST_REFRESH`: how often; default daily. */
export const DEFAULT_LIST_REFRESH_MS = 24 * 60 * 60 * 1000

/** "off", "24h", "6h", "30m", "90s" or a number of milliseconds → milliseconds (null = off). */
export function parseRefreshInterval(value: string | undefined, name = 'CHIPNAV_LIST_REFRESH'): number | null {
  const v = value?.trim().toLowerCase()
  if (v === undefined || v === '') return DEFAULT_LIST_REFRESH_MS
  if (v === 'off' || v === '0' || v === 'never') return null
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(v)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const
  const ms = m ? Number(m[1]) * unit[(m[2] ?? 'ms') as keyof typeof unit] : NaN
  if (!Number.isFinite(ms) || ms < 60_000) {
    throw new AppError('VALIDATION_FAILED', { detail: `${name} "${value}" is not an interval of at least a minute`, issues: [{ path: name, message: 'expected e.g. 24h, 6h, 30m, or off' }] })
  }
  return ms
}

export type RefreshOutcome = { ok: true; sources: string[] } | { ok: false; code: string; detail: string }

export type ListRefreshOptions = {
  home: string
  fetch: FetchLike
  now: () => Date
  store: Pick<MonitoringStore, 'appendEvents'>
  jurisdictions?: readonly BindingJurisdiction[]
  log?: (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => void
}

/** One refresh: the official files of the organisation's lists, imported all or nothing. */
export async function refreshListsOnce(o: ListRefreshOptions): Promise<RefreshOutcome> {
  const at = o.now().toISOString()
  try {
    const r = await updateLists({ home: o.home, fetch: o.fetch, now: at, ...(o.jurisdictions ? { jurisdictions: o.jurisdictions } : {}) })
    o.log?.('info', 'list refresh: new snapshots imported', { sources: r.snapshots.map((s) => s.source) })
    return { ok: true, sources: r.snapshots.map((s) => s.source) }
  } catch (e) {
    const code = isAppError(e) ? e.code : 'INTERNAL'
    const detail = e instanceof Error ? e.message : String(e)
    o.log?.('warn', 'list refresh failed: the last good snapshots stay active', { code, detail })
    await o.store.appendEvents([{ type: 'list.refresh-failed', subjectType: 'lists', subjectId: 'refresh', dedupeKey: `list.refresh-failed:${at}`, data: { code, detail, at } }])
    return { ok: false, code, detail }
  }
}

/** Refresh every `intervalMs` (the first one after one interval); `stop()` ends it. The timer never keeps a process alive. */
export function startListRefresh(o: ListRefreshOptions & { intervalMs: number }): { stop(): void } {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    void refreshListsOnce(o).finally(() => (running = false))
  }, o.intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
