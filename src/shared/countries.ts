/**
 * ISO 3166-1 alpha-2 country codes and English short names, plus the spellings the US lists use
 * ("Korea, North", "Burma", "Congo, Democratic Republic of the", "Bahamas, The", "Man, Isle of" …).
 * Used by the list mappers and by licence determination; no chipnav imports.
 */

/** Every officially assigned ISO 3166-1 alpha-2 code, with its English short name. XK (Kosovo) is user-assigned but used by OFAC and the EU. */
const ISO_COUNTRIES: ReadonlyArray<readonly [code: string, name: string]> = [
  ['AD', 'Andorra'], ['AE', 'United Arab Emirates'], ['AF', 'Afghanistan'], ['AG', 'Antigua and Barbuda'],
  ['AI', 'Anguilla'], ['AL', 'Albania'], ['AM', 'Armenia'], ['AO', 'Angola'], ['AQ', 'Antarctica'],
  ['AR', 'Argentina'], ['AS', 'American Samoa'], ['AT', 'Austria'], ['AU', 'Australia'], ['AW', 'Aruba'],
  ['AX', 'Åland Islands'], ['AZ', 'Azerbaijan'], ['BA', 'Bosnia and Herzegovina'], ['BB', 'Barbados'],
  ['BD', 'Bangladesh'], ['BE', 'Belgium'], ['BF', 'Burkina Faso'], ['BG', 'Bulgaria'], ['BH', 'Bahrain'],
  ['BI', 'Burundi'], ['BJ', 'Benin'], ['BL', 'Saint Barthélemy'], ['BM', 'Bermuda'], ['BN', 'Brunei Darussalam'],
  ['BO', 'Bolivia'], ['BQ', 'Bonaire, Sint Eustatius and Saba'], ['BR', 'Brazil'], ['BS', 'Bahamas'],
  ['BT', 'Bhutan'], ['BV', 'Bouvet Island'], ['BW', 'Botswana'], ['BY', 'Belarus'], ['BZ', 'Belize'],
  ['CA', 'Canada'], ['CC', 'Cocos (Keeling) Islands'], ['CD', 'Congo, Democratic Republic of the'],
  ['CF', 'Central African Republic'], ['CG', 'Congo'], ['CH', 'Switzerland'], ['CI', "Côte d'Ivoire"],
  ['CK', 'Cook Islands'], ['CL', 'Chile'], ['CM', 'Cameroon'], ['CN', 'China'], ['CO', 'Colombia'],
  ['CR', 'Costa Rica'], ['CU', 'Cuba'], ['CV', 'Cabo Verde'], ['CW', 'Curaçao'], ['CX', 'Christmas Island'],
  ['CY', 'Cyprus'], ['CZ', 'Czechia'], ['DE', 'Germany'], ['DJ', 'Djibouti'], ['DK', 'Denmark'],
  ['DM', 'Dominica'], ['DO', 'Dominican Republic'], ['DZ', 'Algeria'], ['EC', 'Ecuador'], ['EE', 'Estonia'],
  ['EG', 'Egypt'], ['EH', 'Western Sahara'], ['ER', 'Eritrea'], ['ES', 'Spain'], ['ET', 'Ethiopia'],
  ['FI', 'Finland'], ['FJ', 'Fiji'], ['FK', 'Falkland Islands (Malvinas)'], ['FM', 'Micronesia, Federated States of'],
  ['FO', 'Faroe Islands'], ['FR', 'France'], ['GA', 'Gabon'], ['GB', 'United Kingdom'], ['GD', 'Grenada'],
  ['GE', 'Georgia'], ['GF', 'French Guiana'], ['GG', 'Guernsey'], ['GH', 'Ghana'], ['GI', 'Gibraltar'],
  ['GL', 'Greenland'], ['GM', 'Gambia'], ['GN', 'Guinea'], ['GP', 'Guadeloupe'], ['GQ', 'Equatorial Guinea'],
  ['GR', 'Greece'], ['GS', 'South Georgia and the South Sandwich Islands'], ['GT', 'Guatemala'], ['GU', 'Guam'],
  ['GW', 'Guinea-Bissau'], ['GY', 'Guyana'], ['HK', 'Hong Kong'], ['HM', 'Heard Island and McDonald Islands'],
  ['HN', 'Honduras'], ['HR', 'Croatia'], ['HT', 'Haiti'], ['HU', 'Hungary'], ['ID', 'Indonesia'], ['IE', 'Ireland'],
  ['IL', 'Israel'], ['IM', 'Isle of Man'], ['IN', 'India'], ['IO', 'British Indian Ocean Territory'], ['IQ', 'Iraq'],
  ['IR', 'Iran'], ['IS', 'Iceland'], ['IT', 'Italy'], ['JE', 'Jersey'], ['JM', 'Jamaica'], ['JO', 'Jordan'],
  ['JP', 'Japan'], ['KE', 'Kenya'], ['KG', 'Kyrgyzstan'], ['KH', 'Cambodia'], ['KI', 'Kiribati'], ['KM', 'Comoros'],
  ['KN', 'Saint Kitts and Nevis'], ['KP', 'North Korea'], ['KR', 'South Korea'], ['KW', 'Kuwait'],
  ['KY', 'Cayman Islands'], ['KZ', 'Kazakhstan'], ['LA', 'Laos'], ['LB', 'Lebanon'], ['LC', 'Saint Lucia'],
  ['LI', 'Liechtenstein'], ['LK', 'Sri Lanka'], ['LR', 'Liberia'], ['LS', 'Lesotho'], ['LT', 'Lithuania'],
  ['LU', 'Luxembourg'], ['LV', 'Latvia'], ['LY', 'Libya'], ['MA', 'Morocco'], ['MC', 'Monaco'], ['MD', 'Moldova'],
  ['ME', 'Montenegro'], ['MF', 'Saint Martin (French part)'], ['MG', 'Madagascar'], ['MH', 'Marshall Islands'],
  ['MK', 'North Macedonia'], ['ML', 'Mali'], ['MM', 'Myanmar'], ['MN', 'Mongolia'], ['MO', 'Macao'],
  ['MP', 'Northern Mariana Islands'], ['MQ', 'Martinique'], ['MR', 'Mauritania'], ['MS', 'Montserrat'],
  ['MT', 'Malta'], ['MU', 'Mauritius'], ['MV', 'Maldives'], ['MW', 'Malawi'], ['MX', 'Mexico'], ['MY', 'Malaysia'],
  ['MZ', 'Mozambique'], ['NA', 'Namibia'], ['NC', 'New Caledonia'], ['NE', 'Niger'], ['NF', 'Norfolk Island'],
  ['NG', 'Nigeria'], ['NI', 'Nicaragua'], ['NL', 'Netherlands'], ['NO', 'Norway'], ['NP', 'Nepal'], ['NR', 'Nauru'],
  ['NU', 'Niue'], ['NZ', 'New Zealand'], ['OM', 'Oman'], ['PA', 'Panama'], ['PE', 'Peru'], ['PF', 'French Polynesia'],
  ['PG', 'Papua New Guinea'], ['PH', 'Philippines'], ['PK', 'Pakistan'], ['PL', 'Poland'],
  ['PM', 'Saint Pierre and Miquelon'], ['PN', 'Pitcairn'], ['PR', 'Puerto Rico'], ['PS', 'Palestine, State of'],
  ['PT', 'Portugal'], ['PW', 'Palau'], ['PY', 'Paraguay'], ['QA', 'Qatar'], ['RE', 'Réunion'], ['RO', 'Romania'],
  ['RS', 'Serbia'], ['RU', 'Russia'], ['RW', 'Rwanda'], ['SA', 'Saudi Arabia'], ['SB', 'Solomon Islands'],
  ['SC', 'Seychelles'], ['SD', 'Sudan'], ['SE', 'Sweden'], ['SG', 'Singapore'],
  ['SH', 'Saint Helena, Ascension and Tristan da Cunha'], ['SI', 'Slovenia'], ['SJ', 'Svalbard and Jan Mayen'],
  ['SK', 'Slovakia'], ['SL', 'Sierra Leone'], ['SM', 'San Marino'], ['SN', 'Senegal'], ['SO', 'Somalia'],
  ['SR', 'Suriname'], ['SS', 'South Sudan'], ['ST', 'Sao Tome and Principe'], ['SV', 'El Salvador'],
  ['SX', 'Sint Maarten (Dutch part)'], ['SY', 'Syria'], ['SZ', 'Eswatini'], ['TC', 'Turks and Caicos Islands'],
  ['TD', 'Chad'], ['TF', 'French Southern Territories'], ['TG', 'Togo'], ['TH', 'Thailand'], ['TJ', 'Tajikistan'],
  ['TK', 'Tokelau'], ['TL', 'Timor-Leste'], ['TM', 'Turkmenistan'], ['TN', 'Tunisia'], ['TO', 'Tonga'],
  ['TR', 'Türkiye'], ['TT', 'Trinidad and Tobago'], ['TV', 'Tuvalu'], ['TW', 'Taiwan'], ['TZ', 'Tanzania'],
  ['UA', 'Ukraine'], ['UG', 'Uganda'], ['UM', 'United States Minor Outlying Islands'], ['US', 'United States'],
  ['UY', 'Uruguay'], ['UZ', 'Uzbekistan'], ['VA', 'Holy See'], ['VC', 'Saint Vincent and the Grenadines'],
  ['VE', 'Venezuela'], ['VG', 'Virgin Islands, British'], ['VI', 'Virgin Islands, U.S.'], ['VN', 'Vietnam'],
  ['VU', 'Vanuatu'], ['WF', 'Wallis and Futuna'], ['WS', 'Samoa'], ['XK', 'Kosovo'], ['YE', 'Yemen'],
  ['YT', 'Mayotte'], ['ZA', 'South Africa'], ['ZM', 'Zambia'], ['ZW', 'Zimbabwe'],
]

/** Other spellings, mostly as written in the OFAC, BIS and State lists (and common English usage). */
const OTHER_SPELLINGS: Readonly<Record<string, string>> = {
  'Aland Islands': 'AX',
  'Antigua': 'AG',
  'Bahamas, The': 'BS',
  'The Bahamas': 'BS',
  'Bolivia, Plurinational State of': 'BO',
  'Bosnia-Herzegovina': 'BA',
  'Brunei': 'BN',
  'Burma': 'MM',
  'Cape Verde': 'CV',
  'Congo, Democratic Republic of the': 'CD',
  'Democratic Republic of the Congo': 'CD',
  'DRC': 'CD',
  'Congo, Republic of the': 'CG',
  'Republic of the Congo': 'CG',
  'Congo (Brazzaville)': 'CG',
  'Congo (Kinshasa)': 'CD',
  "Cote d'Ivoire": 'CI',
  'Cote d Ivoire': 'CI',
  'Ivory Coast': 'CI',
  'Curacao': 'CW',
  'Czech Republic': 'CZ',
  'East Timor': 'TL',
  'Falkland Islands': 'FK',
  'Gambia, The': 'GM',
  'The Gambia': 'GM',
  'Great Britain': 'GB',
  'Holy See (Vatican City)': 'VA',
  'Vatican City': 'VA',
  'Iran, Islamic Republic of': 'IR',
  'Islamic Republic of Iran': 'IR',
  'Korea, North': 'KP',
  "Korea, Democratic People's Republic of": 'KP',
  "Democratic People's Republic of Korea": 'KP',
  'DPRK': 'KP',
  'Korea, South': 'KR',
  'Korea, Republic of': 'KR',
  'Republic of Korea': 'KR',
  'Kyrgyz Republic': 'KG',
  "Lao People's Democratic Republic": 'LA',
  'Macau': 'MO',
  'Macedonia': 'MK',
  'North Macedonia, The Republic of': 'MK',
  'Republic of North Macedonia': 'MK',
  'Macedonia, The Former Yugoslav Republic of': 'MK',
  'Man, Isle of': 'IM',
  'Micronesia': 'FM',
  'Micronesia, Federated States of': 'FM',
  'Moldova, Republic of': 'MD',
  'Palestine': 'PS',
  'Palestinian': 'PS',
  'Palestinian Territories': 'PS',
  'Palestinian Territory, Occupied': 'PS',
  'West Bank': 'PS',
  'Gaza': 'PS',
  'Gaza Strip': 'PS',
  'Reunion': 'RE',
  'Russian Federation': 'RU',
  'Saint Barthelemy': 'BL',
  'St. Kitts and Nevis': 'KN',
  'St. Lucia': 'LC',
  'St. Vincent and the Grenadines': 'VC',
  'Sao Tome & Principe': 'ST',
  'Swaziland': 'SZ',
  'Syrian Arab Republic': 'SY',
  'Taiwan, Province of China': 'TW',
  'Tanzania, United Republic of': 'TZ',
  'Turkey': 'TR',
  'Turkiye': 'TR',
  'UAE': 'AE',
  'U.A.E.': 'AE',
  'UK': 'GB',
  'U.K.': 'GB',
  'United Kingdom of Great Britain and Northern Ireland': 'GB',
  'USA': 'US',
  'U.S.A.': 'US',
  'U.S.': 'US',
  'United States of America': 'US',
  'Venezuela, Bolivarian Republic of': 'VE',
  'Viet Nam': 'VN',
  'Virgin Islands (British)': 'VG',
  'British Virgin Islands': 'VG',
  'Virgin Islands (U.S.)': 'VI',
  'Hong Kong SAR': 'HK',
  'Hong Kong, China': 'HK',
  'Macao SAR': 'MO',
  "People's Republic of China": 'CN',
  'PRC': 'CN',
  'Mainland China': 'CN',
  'Republic of China': 'TW',
  'Yugoslavia': 'RS',
  'Serbia and Montenegro': 'RS',
}

/** Case, accents, punctuation and a leading "Region:" do not matter when looking a name up. */
function normalizeCountryName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^region:\s*/, '')
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

const NAME_BY_CODE = new Map<string, string>(ISO_COUNTRIES)
const CODE_BY_NAME = new Map<string, string>()
for (const [code, name] of ISO_COUNTRIES) CODE_BY_NAME.set(normalizeCountryName(name), code)
for (const [name, code] of Object.entries(OTHER_SPELLINGS)) CODE_BY_NAME.set(normalizeCountryName(name), code)

/** All known alpha-2 codes, sorted. */
export const COUNTRY_CODES: readonly string[] = [...NAME_BY_CODE.keys()].sort()

/** True when `code` is an assigned ISO 3166-1 alpha-2 code (upper case), or XK. */
export function isCountryCode(code: string): boolean {
  return NAME_BY_CODE.has(code)
}

/**
 * The ISO 3166-1 alpha-2 code for a country name as written in a list ("Korea, North" → "KP",
 * "Burma" → "MM", "Region: Gaza" → "PS"). An upper-case alpha-2 code is returned as is.
 * Undefined when the name is not a country we know (e.g. "undetermined", "Region: Crimea").
 */
export function countryCodeFromName(name: string): string | undefined {
  const trimmed = name.trim()
  if (/^[A-Z]{2}$/.test(trimmed) && NAME_BY_CODE.has(trimmed)) return trimmed
  return CODE_BY_NAME.get(normalizeCountryName(trimmed))
}

/** The other names a country is known by ("UK", "U.K.", "United Kingdom of Great Britain…" for GB; "Macau" for MO). */
export function otherCountryNames(code: string): string[] {
  const upper = code.trim().toUpperCase()
  return Object.entries(OTHER_SPELLINGS).filter(([, c]) => c === upper).map(([name]) => name)
}

/** The English short name for an alpha-2 code (any case), or undefined when the code is not assigned. */
export function countryName(code: string): string | undefined {
  return NAME_BY_CODE.get(code.trim().toUpperCase())
}
