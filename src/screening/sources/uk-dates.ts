/** Dates as the UK and EU lists write them: `14/04/2025` (day first), `2025-04-14`, or a timestamp. */
import { isIsoDate } from '../../shared/iso-date.js'

export function dayFirstToIso(s: string | undefined): string | undefined {
  const t = s?.trim() ?? ''
  if (t === '') return undefined
  if (isIsoDate(t.slice(0, 10)) && (t.length === 10 || t[10] === 'T' || t[10] === ' ')) return t.slice(0, 10)
  const m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t)
  if (!m) return undefined
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
  return isIsoDate(iso) ? iso : undefined
}
