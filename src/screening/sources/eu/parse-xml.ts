/** The EU FSF XML: `export` (with `generationDate`) holding `sanctionEntity` elements. */
import { AppError } from '../../../shared/errors.js'
import type { SourceFile } from '../source-file.js'
import { children, parseXmlFile, text, type XmlNode } from '../xml-helpers.js'
import { emptySubject, type EuSubject } from './map.js'

const REPEATED = new Set(['sanctionEntity', 'nameAlias', 'address', 'birthdate', 'identification', 'citizenship', 'regulation'])

export function readEuXml(file: SourceFile): { generated: string | undefined; subjects: EuSubject[] } {
  const root = parseXmlFile(file, REPEATED)
  const exp = root['export'] as XmlNode | undefined
  if (!exp || typeof exp !== 'object') throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name} has no export root element (expected the EU FSF XML)`, file: file.name })
  const subjects = children(exp, 'sanctionEntity').map((e, i) => {
    const id = text(e, '@logicalId')
    if (!id) throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name}: sanctionEntity #${i + 1} has no logicalId`, file: file.name })
    const s = emptySubject(id)
    const set = <K extends keyof EuSubject>(k: K, value: EuSubject[K] | undefined) => {
      if (value !== undefined) s[k] = value
    }
    set('euReference', text(e, '@euReferenceNumber'))
    set('unReference', text(e, '@unitedNationId'))
    set('designationDate', text(e, '@designationDate'))
    set('remark', text(e, 'remark'))
    const subjectType = children(e, 'subjectType')[0]
    set('subjectType', text(subjectType, '@classificationCode') ?? text(subjectType, '@code'))
    for (const r of children(e, 'regulation')) {
      const programme = text(r, '@programme')
      if (programme && !s.programmes.includes(programme)) s.programmes.push(programme)
      const url = text(r, 'publicationUrl')
      if (url && !s.publicationUrls.includes(url)) s.publicationUrls.push(url)
    }
    for (const n of children(e, 'nameAlias')) {
      const wholeName = text(n, '@wholeName') ?? [text(n, '@firstName'), text(n, '@middleName'), text(n, '@lastName')].filter(Boolean).join(' ')
      if (!wholeName) continue
      const strong = text(n, '@strong')
      s.names.push({ wholeName, ...(strong ? { strong: strong !== 'false' } : {}), ...(text(n, '@title') ? { title: text(n, '@title')! } : {}) })
    }
    for (const a of children(e, 'address')) {
      const address = { street: text(a, '@street'), city: text(a, '@city'), zipCode: text(a, '@zipCode'), region: text(a, '@region'), place: text(a, '@place'), countryIso: text(a, '@countryIso2Code'), country: text(a, '@countryDescription') }
      s.addresses.push(address)
    }
    for (const b of children(e, 'birthdate')) {
      const date = text(b, '@birthdate') ?? text(b, '@year')
      if (date && !s.birthDates.includes(date)) s.birthDates.push(date)
      const place = [text(b, '@city'), text(b, '@countryDescription')].filter(Boolean).join(', ')
      if (place && !s.birthPlaces.includes(place)) s.birthPlaces.push(place)
    }
    for (const d of children(e, 'identification')) {
      const value = text(d, '@number')
      if (value) s.identifications.push({ type: text(d, '@identificationTypeDescription') ?? text(d, '@identificationTypeCode') ?? 'identification', value, ...(text(d, '@countryIso2Code') ? { country: text(d, '@countryIso2Code')! } : {}) })
    }
    for (const c of children(e, 'citizenship')) {
      const country = text(c, '@countryDescription') ?? text(c, '@countryIso2Code')
      if (country && !s.citizenships.includes(country)) s.citizenships.push(country)
    }
    return s
  })
  return { generated: text(exp, '@generationDate'), subjects }
}
