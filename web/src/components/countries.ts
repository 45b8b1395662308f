/**
 * Country options for searchable selects: the same ISO list the server validates against (src/shared/countries.ts),
 * found by code, ISO name and the other names the server knows (src/shared/country-search.ts).
 */
import type { ComboboxItem, OptionsFilter } from '@mantine/core'
import { COUNTRY_CODES, countryName } from '../../../src/shared/countries'
import { searchCountries } from '../../../src/shared/country-search'

export const COUNTRY_OPTIONS = COUNTRY_CODES.map((code) => ({ value: code, label: `${code} — ${countryName(code) ?? code}` }))

/** The filter every country select uses: best answers first ("UK" → GB before UA). */
export const countryFilter: OptionsFilter = ({ options, search }) => {
  const byValue = new Map<string, ComboboxItem>()
  for (const option of options) if ('value' in option) byValue.set(option.value, option)
  return searchCountries([...byValue.keys()], search).map((code) => byValue.get(code) as ComboboxItem)
}
