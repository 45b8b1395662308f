/** Country options for searchable selects: the same ISO list the server validates against (src/shared/countries.ts). */
import { COUNTRY_CODES, countryName } from '../../../src/shared/countries'

export const COUNTRY_OPTIONS = COUNTRY_CODES.map((code) => ({ value: code, label: `${code} — ${countryName(code) ?? code}` }))
