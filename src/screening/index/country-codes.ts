/**
 * Country names and codes → ISO 3166-1 alpha-2, from the runtime's own CLDR data
 * (Intl.DisplayNames), so no table is kept here. A few common list spellings are added.
 */
const BY_NAME: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>()
  const names = new Intl.DisplayNames(['en'], { type: 'region' })
  const A = 65
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j)
      let name: string | undefined
      try {
        name = names.of(code)
      } catch {
        name = undefined
      }
      if (name === undefined || name === code) continue
      m.set(simplify(name), code)
    }
  }
  const extra: Record<string, string> = {
    'burma': 'MM', 'russian federation': 'RU', 'iran islamic republic of': 'IR', 'korea north': 'KP',
    'north korea': 'KP', 'korea south': 'KR', 'south korea': 'KR', 'syrian arab republic': 'SY', 'usa': 'US',
    'united states of america': 'US', 'uk': 'GB', 'great britain': 'GB', 'england': 'GB',
    'czech republic': 'CZ', 'ivory coast': 'CI', 'cote divoire': 'CI', 'macedonia': 'MK', 'swaziland': 'SZ',
    'congo democratic republic of the': 'CD', 'democratic republic of the congo': 'CD', 'republic of the congo': 'CG',
    'west bank': 'PS', 'gaza': 'PS', 'palestinian territories': 'PS', 'vietnam': 'VN', 'viet nam': 'VN',
    'laos': 'LA', 'turkey': 'TR', 'turkiye': 'TR', 'the bahamas': 'BS', 'the gambia': 'GM', 'holland': 'NL',
    'region crimea': 'UA', 'crimea': 'UA', 'kosovo': 'XK',
  }
  for (const [k, v] of Object.entries(extra)) m.set(k, v)
  return m
})()

function simplify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z]+/g, ' ')
    .trim()
}

/** ISO alpha-2 for a code or an English country name, else undefined. */
export function toCountryCode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const t = value.trim()
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase()
  return BY_NAME.get(simplify(t))
}
