/**
 * The one check every country code chipnav accepts goes through (transaction `to`/`from`, parties'
 * country, headquarters and ultimate parent, screening `country`, records): the code must be one of
 * the 249 officially assigned ISO 3166-1 alpha-2 codes, or XK (Kosovo), a user-assigned code chipnav
 * accepts by choice because OFAC, the EU and the European Commission use it. Everything else is refused
 * with INVALID_COUNTRY, and where the mistake is a known one (UK for GB, EL for GR, a reserved or retired
 * code, a country name) the refusal says what to write instead.
 *
 * The reserved and retired codes below are facts of ISO 3166-1 (ISO 3166 Maintenance Agency: exceptionally,
 * transitionally and indeterminately reserved codes; ISO 3166-3 for deleted codes), not export-control rules.
 * The zod schema of an input field (`CountryCodeInputSchema`) is in country-code-schema.ts, so that a
 * command checking one code (`screen --country`) does not load zod.
 */
import { countryCodeFromName, countryName, isCountryCode } from './countries.js'
import { AppError, issuesFromZod, type FieldIssue } from './errors.js'

type NotACountry = { why: string; use?: readonly string[] }

/** Two-letter codes people write that are not assigned ISO 3166-1 alpha-2 codes, and what to write instead. */
const NOT_COUNTRIES: Readonly<Record<string, NotACountry>> = {
  // exceptionally reserved
  UK: { why: 'UK is reserved in ISO 3166-1; the United Kingdom is GB', use: ['GB'] },
  EU: { why: 'EU is the European Union, not a country: give the member state the item goes to (e.g. DE, FR, NL)' },
  EZ: { why: 'EZ is the eurozone, not a country: give the country the item goes to' },
  UN: { why: 'UN is the United Nations, not a country: give the country the item goes to' },
  EL: { why: 'EL is the European Union\'s abbreviation for Greece; the ISO code is GR', use: ['GR'] },
  AC: { why: 'AC (Ascension Island) is reserved; it is part of SH (Saint Helena, Ascension and Tristan da Cunha)', use: ['SH'] },
  TA: { why: 'TA (Tristan da Cunha) is reserved; it is part of SH (Saint Helena, Ascension and Tristan da Cunha)', use: ['SH'] },
  CP: { why: 'CP (Clipperton Island) is reserved; use FR', use: ['FR'] },
  CQ: { why: 'CQ (Sark) is reserved; Sark is part of GG (Guernsey)', use: ['GG'] },
  DG: { why: 'DG (Diego Garcia) is reserved; it is part of IO (British Indian Ocean Territory)', use: ['IO'] },
  EA: { why: 'EA (Ceuta and Melilla) is reserved; use ES', use: ['ES'] },
  IC: { why: 'IC (Canary Islands) is reserved; use ES', use: ['ES'] },
  FX: { why: 'FX (Metropolitan France) is reserved; use FR', use: ['FR'] },
  SU: { why: 'SU (the USSR) is reserved; give the successor state, e.g. RU, UA, BY, KZ' },
  // transitionally reserved or deleted (ISO 3166-3)
  AN: { why: 'AN (Netherlands Antilles) was deleted in 2010; use BQ, CW or SX', use: ['BQ', 'CW', 'SX'] },
  BU: { why: 'BU (Burma) was deleted in 1989; Myanmar is MM', use: ['MM'] },
  CS: { why: 'CS (Serbia and Montenegro; earlier Czechoslovakia) was deleted; use RS or ME (CZ or SK for Czechoslovakia)', use: ['RS', 'ME'] },
  DD: { why: 'DD (German Democratic Republic) was deleted in 1990; use DE', use: ['DE'] },
  HV: { why: 'HV (Upper Volta) was deleted in 1984; Burkina Faso is BF', use: ['BF'] },
  NT: { why: 'NT (the Neutral Zone) was deleted in 1993; use SA or IQ', use: ['SA', 'IQ'] },
  TP: { why: 'TP (East Timor) was deleted in 2002; Timor-Leste is TL', use: ['TL'] },
  YU: { why: 'YU (Yugoslavia) was deleted in 2003; give the successor state, e.g. RS, ME, BA, HR, MK, SI' },
  ZR: { why: 'ZR (Zaire) was deleted in 1997; the Democratic Republic of the Congo is CD', use: ['CD'] },
  // indeterminately reserved (international vehicle registration codes)
  DY: { why: 'DY is reserved (Benin on vehicle plates); Benin is BJ', use: ['BJ'] },
  EW: { why: 'EW is reserved (Estonia on vehicle plates); Estonia is EE', use: ['EE'] },
  FL: { why: 'FL is reserved (Liechtenstein on vehicle plates); Liechtenstein is LI', use: ['LI'] },
  JA: { why: 'JA is reserved (Jamaica on vehicle plates); Jamaica is JM (Japan is JP)', use: ['JM', 'JP'] },
  LF: { why: 'LF is reserved (Libya on vehicle plates); Libya is LY', use: ['LY'] },
  PI: { why: 'PI is reserved (Philippines on vehicle plates); the Philippines is PH', use: ['PH'] },
  RA: { why: 'RA is reserved (Argentina on vehicle plates); Argentina is AR', use: ['AR'] },
  RB: { why: 'RB is reserved (Bolivia or Botswana on vehicle plates); use BO or BW', use: ['BO', 'BW'] },
  RC: { why: 'RC is reserved (China, or Taiwan as "Republic of China", on vehicle plates); use CN or TW', use: ['CN', 'TW'] },
  RH: { why: 'RH is reserved (Haiti on vehicle plates); Haiti is HT', use: ['HT'] },
  RI: { why: 'RI is reserved (Indonesia on vehicle plates); Indonesia is ID', use: ['ID'] },
  RL: { why: 'RL is reserved (Lebanon on vehicle plates); Lebanon is LB', use: ['LB'] },
  RM: { why: 'RM is reserved (Madagascar on vehicle plates); Madagascar is MG', use: ['MG'] },
  RN: { why: 'RN is reserved (Niger on vehicle plates); Niger is NE', use: ['NE'] },
  RP: { why: 'RP is reserved (Philippines on vehicle plates); the Philippines is PH', use: ['PH'] },
  WG: { why: 'WG is reserved (Grenada on vehicle plates); Grenada is GD', use: ['GD'] },
  WL: { why: 'WL is reserved (Saint Lucia on vehicle plates); Saint Lucia is LC', use: ['LC'] },
  WV: { why: 'WV is reserved (Saint Vincent on vehicle plates); Saint Vincent and the Grenadines is VC', use: ['VC'] },
  YV: { why: 'YV is reserved (Venezuela on vehicle plates); Venezuela is VE', use: ['VE'] },
}

/** ISO 3166-1 user-assigned alpha-2 codes (AA, QM-QZ, XA-XZ, ZZ): they name no country. XK is the one chipnav accepts. */
const isUserAssigned = (code: string) => code === 'AA' || code === 'ZZ' || /^Q[M-Z]$/.test(code) || /^X[A-Z]$/.test(code)

export type CountryCheck = { ok: true; code: string } | { ok: false; message: string; suggestions: string[] }

/**
 * Check one country code as a user gave it (any case, surrounding spaces ignored). On success the code
 * in upper case; otherwise why it is refused and, when there is one, what to write instead.
 */
export function checkCountryCode(raw: string): CountryCheck {
  const r = explainRefusal(raw)
  if (r.ok || r.suggestions.length === 0 || r.suggestions.every((c) => r.message.includes(c))) return r
  return { ...r, message: `${r.message} (use ${r.suggestions.join(' or ')})` }
}

function explainRefusal(raw: string): CountryCheck {
  const code = raw.trim().toUpperCase()
  if (isCountryCode(code)) return { ok: true, code }
  const shown = JSON.stringify(raw)
  const known = NOT_COUNTRIES[code]
  if (known) return { ok: false, message: `${shown} is not a country code: ${known.why}`, suggestions: [...(known.use ?? [])] }
  if (/^[A-Z]{2}$/.test(code)) {
    if (isUserAssigned(code)) return { ok: false, message: `${shown} is not a country code: ${code} is user-assigned in ISO 3166-1 and names no country (chipnav accepts only XK, for Kosovo)`, suggestions: [] }
    return { ok: false, message: `${shown} is not an assigned ISO 3166-1 alpha-2 country code`, suggestions: [] }
  }
  // a name or a longer abbreviation: "China", "USA", "United Kingdom"
  const byName = countryCodeFromName(raw)
  if (byName) return { ok: false, message: `${shown} is not a two-letter country code: ${countryName(byName)} is ${byName}`, suggestions: [byName] }
  return { ok: false, message: `${shown} is not an ISO 3166-1 alpha-2 country code: expected two letters such as CN, DE or GB`, suggestions: [] }
}

/** What a zod issue raised by this module carries in its `params`, so boundaries can tell it apart. */
export type CountryIssueParams = { code: 'INVALID_COUNTRY'; value: string; suggestions: string[] }

type IssueLike = { path: ReadonlyArray<PropertyKey>; message: string; code?: string; params?: unknown; issues?: unknown }

/**
 * The params of a country issue, or undefined for any other issue. A refused record key (a ledger keyed by
 * country) comes wrapped in zod's `invalid_key` issue, with the country issue inside its `issues`.
 */
export function countryIssueParams(issue: { params?: unknown; issues?: unknown }): (CountryIssueParams & { message: string }) | undefined {
  const p = issue.params as (Partial<CountryIssueParams> & { message?: string }) | undefined
  if (p && p.code === 'INVALID_COUNTRY') return { ...(p as CountryIssueParams), message: p.message ?? '' }
  const inner = Array.isArray(issue.issues) ? (issue.issues as { params?: unknown; message?: string }[]) : []
  for (const i of inner) {
    const found = countryIssueParams(i)
    if (found) return { ...found, message: i.message ?? found.message }
  }
  return undefined
}

/** One refused country, as the error's `countries` detail lists it (the field, the value, what to use). */
export type RefusedCountry = { path: string; value: string; suggestions: string[] }

/**
 * The error for input that failed validation: INVALID_COUNTRY when any field is a refused country code
 * (every issue is still listed, so nothing else is hidden), VALIDATION_FAILED otherwise.
 */
export function inputError(detail: string, issues: FieldIssue[], countries: RefusedCountry[]): AppError {
  if (countries.length === 0) return new AppError('VALIDATION_FAILED', { detail, issues })
  const first = countries[0]!
  const use = first.suggestions.length ? `; use ${first.suggestions.join(' or ')}` : ''
  const more = countries.length > 1 ? ` (and ${countries.length - 1} more country field${countries.length > 2 ? 's' : ''})` : ''
  return new AppError('INVALID_COUNTRY', { detail: `${detail}: ${first.path} ${JSON.stringify(first.value)} is not an ISO 3166-1 alpha-2 country code${use}${more}`, issues, countries })
}

/** `inputError` from zod issues (as `safeParse` gives them), with an optional path prefix. */
export function inputErrorFromZod(detail: string, zodIssues: ReadonlyArray<IssueLike>, prefix = ''): AppError {
  const issues = issuesFromZod(zodIssues, prefix)
  const countries: RefusedCountry[] = []
  zodIssues.forEach((z, i) => {
    const p = countryIssueParams(z as { params?: unknown; issues?: unknown })
    if (!p) return
    countries.push({ path: issues[i]!.path, value: p.value, suggestions: p.suggestions })
    if (p.message) issues[i] = { path: issues[i]!.path, message: p.message }
  })
  return inputError(detail, issues, countries)
}

/** Check `value` (any type) as the country field `path`, adding to `issues` and `countries` when it is refused. */
export function collectCountryIssue(value: unknown, path: string, issues: FieldIssue[], countries: RefusedCountry[]): void {
  const check: CountryCheck = typeof value === 'string' ? checkCountryCode(value) : { ok: false, message: 'expected an ISO 3166-1 alpha-2 country code such as "CN"', suggestions: [] }
  if (check.ok) return
  issues.push({ path, message: check.message })
  countries.push({ path, value: String(value), suggestions: check.suggestions })
}

/** A command-line option or CSV cell that must be a country code: the code, or INVALID_COUNTRY naming `field`. */
export function requireCountryCode(raw: string, field: string): string {
  const check = checkCountryCode(raw)
  if (check.ok) return check.code
  throw inputError(`${field} is not valid`, [{ path: field, message: check.message }], [{ path: field, value: raw, suggestions: check.suggestions }])
}
