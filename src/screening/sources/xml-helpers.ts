/**
 * Reading the XML lists (UN, UK Sanctions List, EU): one parser configuration, values kept as text
 * (a reference number such as "0012" or a year must not become a number), and small accessors for
 * the parsed tree. No list-specific knowledge lives here.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { AppError } from '../../shared/errors.js'
import { decodeText, type SourceFile } from './source-file.js'

export type XmlNode = Record<string, unknown>

/** Parse a whole XML file; a malformed file is LIST_PARSE_FAILED naming the line. */
export function parseXmlFile(file: SourceFile, alwaysArray: ReadonlySet<string>): XmlNode {
  const text = decodeText(file)
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    throw new AppError('LIST_PARSE_FAILED', {
      detail: `${file.name} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`,
      file: file.name,
      line: valid.err.line,
    })
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => alwaysArray.has(name),
  })
  return parser.parse(text) as XmlNode
}

/** The first characters of a file as text (to recognise an XML root element below the declaration). */
export function headText(file: SourceFile, chars = 4096): string {
  try {
    return decodeText({ name: file.name, bytes: file.bytes.subarray(0, chars) })
  } catch {
    return ''
  }
}

/** A child element or attribute as trimmed text; undefined when absent or empty. */
export function text(node: unknown, key?: string): string | undefined {
  const v = key === undefined ? node : node !== null && typeof node === 'object' ? (node as XmlNode)[key] : undefined
  if (v === undefined || v === null) return undefined
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    const t = String(v).trim()
    return t === '' ? undefined : t
  }
  if (typeof v === 'object' && '#text' in (v as XmlNode)) return text((v as XmlNode)['#text'])
  return undefined
}

/** A child element that may repeat, always as an array of nodes. */
export function children(node: unknown, key: string): XmlNode[] {
  if (node === null || typeof node !== 'object') return []
  const v = (node as XmlNode)[key]
  if (v === undefined || v === null || v === '') return []
  return (Array.isArray(v) ? v : [v]).filter((x): x is XmlNode => x !== null && typeof x === 'object')
}

/** Texts of a repeated child element (`<NATIONALITY><VALUE>a</VALUE><VALUE>b</VALUE></NATIONALITY>` → [a, b]). */
export function texts(node: unknown, key: string): string[] {
  if (node === null || typeof node !== 'object') return []
  const v = (node as XmlNode)[key]
  const arr = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]
  return arr.map((x) => text(x)).filter((x): x is string => x !== undefined)
}
