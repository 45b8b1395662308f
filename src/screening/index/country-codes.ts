import { countryCodeFromName } from '../../shared/countries.js'

/** ISO 3166-1 alpha-2 for a code or an English country name, else undefined. */
export function toCountryCode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const t = value.trim()
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase()
  return countryCodeFromName(t)
}
