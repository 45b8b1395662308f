/** A date as the API takes it and the UI shows it, whatever the browser's locale: YYYY-MM-DD (no DOM). */
export const ISO_DATE_HINT = 'expected a date as YYYY-MM-DD, e.g. 2024-06-01'

/** whether the text is a real calendar date written YYYY-MM-DD (2024-02-30 is not) */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}
