/** The EU FSF CSV: `;`-separated, UTF-8 with a BOM, a header row, one row per fact about a subject. */
import { parse } from 'csv-parse/sync'
import { AppError } from '../../../shared/errors.js'
import { decodeText, type SourceFile } from '../source-file.js'
import { emptySubject, type EuSubject } from './map.js'

export const EU_CSV_HEADER_START = 'fileGenerationDate;Entity_LogicalId'

const REQUIRED = ['fileGenerationDate', 'Entity_LogicalId', 'NameAlias_WholeName'] as const

export function readEuCsv(file: SourceFile): { generated: string | undefined; subjects: EuSubject[] } {
  let rows: Record<string, string>[]
  try {
    rows = parse(decodeText(file), { delimiter: ';', columns: true, bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as Record<string, string>[]
  } catch (e) {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name}: ${(e as Error).message}`, file: file.name })
  }
  const header = rows[0] ? Object.keys(rows[0]) : []
  const missing = REQUIRED.filter((c) => !header.includes(c))
  if (missing.length) throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name}: the header lacks ${missing.join(', ')} (expected the EU FSF CSV)`, file: file.name })
  const subjects = new Map<string, EuSubject>()
  let generated: string | undefined
  rows.forEach((r, i) => {
    const id = (r['Entity_LogicalId'] ?? '').trim()
    if (!/^\d+$/.test(id)) throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name} line ${i + 2}: Entity_LogicalId "${id}" is not a number`, file: file.name, line: i + 2 })
    generated ??= v(r, 'fileGenerationDate')
    let s = subjects.get(id)
    if (!s) subjects.set(id, (s = emptySubject(id)))
    s.euReference ??= v(r, 'Entity_EU_ReferenceNumber')
    s.unReference ??= v(r, 'Entity_UnitedNationId')
    s.subjectType ??= v(r, 'Entity_SubjectType_ClassificationCode') ?? v(r, 'Entity_SubjectType')
    s.designationDate ??= v(r, 'Entity_DesignationDate')
    s.remark ??= v(r, 'Entity_Remark')
    push(s.programmes, v(r, 'Entity_Regulation_Programme'))
    push(s.publicationUrls, v(r, 'Entity_Regulation_PublicationUrl'))
    const wholeName = v(r, 'NameAlias_WholeName') ?? [v(r, 'NameAlias_FirstName'), v(r, 'NameAlias_MiddleName'), v(r, 'NameAlias_LastName')].filter(Boolean).join(' ')
    if (wholeName) {
      const strong = v(r, 'NameAlias_Strong')
      s.names.push({ wholeName, ...(strong ? { strong: strong.toLowerCase() !== 'false' } : {}), ...(v(r, 'NameAlias_Title') ? { title: v(r, 'NameAlias_Title')! } : {}) })
    }
    const address = { street: v(r, 'Address_Street'), city: v(r, 'Address_City'), zipCode: v(r, 'Address_ZipCode'), region: v(r, 'Address_Region'), place: v(r, 'Address_Place'), countryIso: v(r, 'Address_CountryIso2Code'), country: v(r, 'Address_CountryDescription') }
    if (Object.values(address).some((x) => x !== undefined)) s.addresses.push(address)
    push(s.birthDates, v(r, 'BirthDate_BirthDate') ?? v(r, 'BirthDate_Year'))
    const birthPlace = [v(r, 'BirthDate_City'), v(r, 'BirthDate_CountryDescription')].filter(Boolean).join(', ')
    push(s.birthPlaces, birthPlace || undefined)
    const idNumber = v(r, 'Identification_Number')
    if (idNumber) s.identifications.push({ type: v(r, 'Identification_TypeDescription') ?? v(r, 'Identification_TypeCode') ?? 'identification', value: idNumber, ...(v(r, 'Identification_CountryIso2Code') ? { country: v(r, 'Identification_CountryIso2Code')! } : {}) })
    push(s.citizenships, v(r, 'Citizenship_CountryDescription') ?? v(r, 'Citizenship_CountryIso2Code'))
  })
  return { generated, subjects: [...subjects.values()] }
}

function v(r: Record<string, string>, k: string): string | undefined {
  const t = r[k]?.trim()
  return t === undefined || t === '' ? undefined : t
}

function push(xs: string[], x: string | undefined): void {
  if (x !== undefined && !xs.includes(x)) xs.push(x)
}
