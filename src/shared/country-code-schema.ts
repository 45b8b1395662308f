/** The zod schema of a country-code input field: the check of country-code.ts, as a zod refinement. */
import { z } from 'zod'
import { checkCountryCode, type CountryIssueParams } from './country-code.js'

/**
 * A country code as input: any case, stored upper case, refused unless ISO 3166-1 alpha-2 (or XK).
 * Use it for every field a caller fills in; stored records and responses keep the plain format check.
 */
export const CountryCodeInputSchema = z
  .string()
  .superRefine((raw, ctx) => {
    const check = checkCountryCode(raw)
    if (check.ok) return
    const params: CountryIssueParams = { code: 'INVALID_COUNTRY', value: raw, suggestions: check.suggestions }
    ctx.addIssue({ code: 'custom', message: check.message, params })
  })
  .trim()
  .toUpperCase()
  .meta({ description: 'ISO 3166-1 alpha-2 country code (any case; XK for Kosovo). Unknown codes are refused with INVALID_COUNTRY.', examples: ['CN'] })
