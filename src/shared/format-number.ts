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

/**
 * A number as `toLocaleString('en-US', { maximumFractionDigits })` writes it ("19.45", "1,234.5"), without ICU
 * (whose first use costs a one-shot command 15-20 ms of CPU and often more wall time: `classify` prints fractions).
 * ICU rounds the number's shortest decimal form (String(x)) half away from zero and drops trailing zeros; this does
 * the same on that string. Negative numbers, -0, non-finite numbers and those String() writes with an exponent go
 * through toLocaleString itself.
 */
export function enUsDecimal(x: number, maximumFractionDigits: number): string {
  if (Number.isSafeInteger(x)) return enUsNumber(x)
  const s = String(x)
  if (!Number.isFinite(x) || x < 0 || s.includes('e') || !Number.isInteger(maximumFractionDigits) || maximumFractionDigits < 0) {
    return x.toLocaleString('en-US', { maximumFractionDigits })
  }
  const dot = s.indexOf('.')
  let int = dot < 0 ? s : s.slice(0, dot)
  let frac = dot < 0 ? '' : s.slice(dot + 1)
  if (frac.length > maximumFractionDigits) {
    const roundsUp = frac.charCodeAt(maximumFractionDigits) >= 53 // the first digit dropped is 5 or more
    frac = frac.slice(0, maximumFractionDigits)
    if (roundsUp) {
      // one unit more in the last digit kept, carried leftwards into the integer part
      const digits = [...int, ...frac]
      let i = digits.length - 1
      while (i >= 0 && digits[i] === '9') digits[i--] = '0'
      if (i >= 0) digits[i] = String(Number(digits[i]) + 1)
      else digits.unshift('1')
      int = digits.slice(0, digits.length - frac.length).join('')
      frac = digits.slice(digits.length - frac.length).join('')
    }
  }
  frac = frac.replace(/0+$/, '')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return frac === '' ? grouped : `${grouped}.${frac}`
}
