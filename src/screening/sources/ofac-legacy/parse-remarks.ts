/**
 * OFAC `Remarks` are semi-structured: "DOB 10 Dec 1948; POB Giza, Egypt; nationality Egypt;
 * Passport 1084010 (Egypt); a.k.a. 'BNC'; Linked To: …". This pulls out what the entity model holds;
 * the full remarks are kept verbatim on the entry as well.
 */
import { countryCodeFromName } from '../../../shared/countries.js'
import type { EntryIdentifier, EntryName } from '../../model.js'
import { toIsoDate } from '../map-helpers.js'

export type ParsedRemarks = {
  /** a.k.a./f.k.a./n.k.a. names quoted in the remarks: OFAC's low-quality ("weak") aliases */
  aliases: EntryName[]
  datesOfBirth: string[]
  placesOfBirth: string[]
  /** ISO alpha-2 when the country is known, else as written */
  nationalities: string[]
  citizenships: string[]
  identifiers: EntryIdentifier[]
}

/** Identifier labels as OFAC writes them before the value ("Passport A123 (Iran)"). */
const ID_LABELS = [
  'Passport', 'National ID No.', 'Cedula No.', 'Tax ID No.', 'Registration Number', 'Registration ID', 'Identification Number',
  'NIT #', 'RUC #', 'SWIFT/BIC', 'Vessel Registration Identification', 'MMSI', 'Legal Entity Number',
  'Business Registration Number', 'Company Number', 'Unified Social Credit Code (USCC)', 'Commercial Registry Number',
  'Government Gazette Number', "Aircraft Manufacturer's Serial Number (MSN)", 'Aircraft Tail Number', 'Email Address',
  'Website', 'Phone Number', 'Telephone', 'Fax', "Driver's License No.", 'Social Security Number', 'Trade License No.',
  'Matricula Mercantil No', 'Folio Mercantil No.', 'C.U.R.P.', 'C.U.I.T.', 'R.F.C.', 'D.N.I.', 'Personal ID Card',
  'Residency Number', 'Birth Certificate Number', 'Economic Register Number (CBLS)', 'Chamber of Commerce Number',
  'Stateless Person ID Card', 'Refugee ID Card', 'Kenyan ID No.', 'Bosnian Personal ID No.', 'Identification Card',
  'Organization Established Date', 'Target Type', 'Gender',
]
const ID_RE = new RegExp(`^(?:alt\\. )?(${ID_LABELS.map(escapeRe).join('|')}|Digital Currency Address - [A-Z0-9]+) (.+)$`)

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/#]/g, '\\$&')
}

/** Split remarks on ";" outside single-quoted alias names. */
export function splitRemarks(remarks: string): string[] {
  const parts: string[] = []
  let current = ''
  let inAlias = false
  for (let i = 0; i < remarks.length; i++) {
    const c = remarks[i]!
    if (c === "'") {
      // an alias opens after "a.k.a. " and closes before ";", "." or the end; apostrophes inside words do not count
      const prev = remarks[i - 1] ?? ' '
      const next = remarks[i + 1] ?? ';'
      if (!inAlias && prev === ' ') inAlias = true
      else if (inAlias && /[;.,\s]/.test(next)) inAlias = false
    }
    if (c === ';' && !inAlias) {
      parts.push(current)
      current = ''
    } else current += c
  }
  parts.push(current)
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

export function parseRemarks(remarks: string | undefined): ParsedRemarks {
  const out: ParsedRemarks = { aliases: [], datesOfBirth: [], placesOfBirth: [], nationalities: [], citizenships: [], identifiers: [] }
  if (remarks === undefined) return out
  const parts = splitRemarks(remarks)
  parts.forEach((raw, i) => {
    const part = i === parts.length - 1 ? raw.replace(/\.$/, '') : raw
    let m: RegExpExecArray | null
    if ((m = /^([afn])\.k\.a\.,? '(.+)'\.?$/.exec(part))) {
      out.aliases.push({ name: m[2]!.trim(), kind: `${m[1]!}ka` as 'aka' | 'fka' | 'nka', strength: 'weak' })
    } else if ((m = /^(?:alt\. )?DOB (.+)$/.exec(part))) {
      out.datesOfBirth.push(toIsoDate(m[1]) ?? m[1]!.trim())
    } else if ((m = /^(?:alt\. )?POB (.+)$/.exec(part))) {
      out.placesOfBirth.push(m[1]!.trim())
    } else if ((m = /^(?:alt\. )?nationality (.+)$/.exec(part))) {
      out.nationalities.push(countryCodeFromName(m[1]!) ?? m[1]!.trim())
    } else if ((m = /^(?:alt\. )?citizen (.+)$/.exec(part))) {
      out.citizenships.push(countryCodeFromName(m[1]!) ?? m[1]!.trim())
    } else if ((m = ID_RE.exec(part))) {
      if (m[1] === 'Gender' || m[1] === 'Target Type' || m[1] === 'Organization Established Date') {
        out.identifiers.push({ type: m[1]!, value: m[2]!.trim() })
      } else out.identifiers.push(parseIdentifier(m[1]!, m[2]!))
    }
  })
  return out
}

/** "A12345 (Iran) issued 01 Jan 2010 expires 01 Jan 2020" → value, country, dates. */
function parseIdentifier(type: string, rest: string): EntryIdentifier {
  let text = rest.trim()
  const id: EntryIdentifier = { type, value: '' }
  const issued = /\s*issued (\d{1,2} \w{3} \d{4})/.exec(text)
  if (issued) {
    id.issued = toIsoDate(issued[1]) ?? issued[1]!
    text = text.replace(issued[0], '')
  }
  const expires = /\s*expires (\d{1,2} \w{3} \d{4})/.exec(text)
  if (expires) {
    id.expires = toIsoDate(expires[1]) ?? expires[1]!
    text = text.replace(expires[0], '')
  }
  const country = /\s*\(([^()]+)\)\s*$/.exec(text)
  if (country && type !== 'Website' && type !== 'Email Address') {
    id.country = countryCodeFromName(country[1]!) ?? country[1]!.trim()
    text = text.slice(0, country.index)
  }
  id.value = text.trim()
  return id
}
