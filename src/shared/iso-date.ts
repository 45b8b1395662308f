
/** A calendar date `YYYY-MM-DD`, compared as text. Never a `Date` object in data or domain logic. */
export type IsoDate = string & { readonly __brand: 'IsoDate' }

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/

/** True when `s` is a real calendar date written `YYYY-MM-DD` (2023-02-30 is not). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string' || !ISO_DATE_RE.test(s)) return false
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  if (m < 1 || m > 12 || d < 1) return false
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= daysInMonth
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const

/** True when `s` is written YYYY-MM-DD, whether or not it is a day of the calendar. */
export const isIsoDateShaped = (s: string): boolean => ISO_DATE_RE.test(s)

/**
 * Why `s` is not an IsoDate, in words, or undefined when it is one: not written YYYY-MM-DD, or written so but not a
 * day of the calendar (2026-02-31: "February 2026 has 28 days"), so a user who wrote the format is not told to.
 */
export function isoDateProblem(s: unknown): string | undefined {
  if (isIsoDate(s)) return undefined
  if (typeof s !== 'string' || !ISO_DATE_RE.test(s)) return 'expected a date written YYYY-MM-DD'
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  if (m < 1 || m > 12) return `${s} is not a real calendar date: there is no month ${m}`
  if (d < 1) return `${s} is not a real calendar date: there is no day 0`
  return `${s} is not a real calendar date: ${MONTHS[m - 1]} ${y} has ${new Date(Date.UTC(y, m, 0)).getUTCDate()} days`
}

/** Today's date in UTC, for composition roots only (domain code takes `asOf` as an argument). */
export function todayUtc(now: Date = new Date()): IsoDate {
  return now.toISOString().slice(0, 10) as IsoDate
}

/** The calendar year of a date, e.g. for per-year caps. */
export function yearOf(d: IsoDate): number {
  return Number(d.slice(0, 4))
}
