/**
 * A number as `toLocaleString('en-US')` writes it ("4,992"), without ICU's number formatting for a safe
 * integer: its first use costs a one-shot CLI command ~10 ms of CPU (`check`, `classify`, `chips`). Any
 * other number (fractions, -0, beyond 2^53) goes through toLocaleString itself.
 */
export function enUsNumber(x: number): string {
  if (!Number.isSafeInteger(x) || Object.is(x, -0)) return x.toLocaleString('en-US')
  const digits = String(Math.abs(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return x < 0 ? `-${digits}` : digits
}
