/** Calendar arithmetic on YYYY-MM-DD dates, and the date check every store input goes through. */
import { AppError } from '../shared/errors.js'
import { isIsoDate } from '../shared/iso-date.js'

/** `YYYY-MM-DD` + n years (29 February → 1 March when the target year has none). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10)
}
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export function checkDate(value: string, path: string): void {
  if (!isIsoDate(value)) throw new AppError('INVALID_DATE', { detail: `${path} "${value}" is not a date: expected YYYY-MM-DD`, issues: [{ path, message: 'expected a date written YYYY-MM-DD' }] })
}
