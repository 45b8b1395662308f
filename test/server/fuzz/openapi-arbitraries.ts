/**
 * fast-check arbitraries for requests, generated from the API's own OpenAPI document: for each
 * operation, its path parameters, query and JSON body, drawn mostly from the schema (so requests reach
 * deep into the handlers) and often replaced by hostile values: lone surrogates, NUL, right-to-left and
 * zero-width characters, huge, negative and fractional numbers, long arrays, wrong types, random JSON.
 */
import fc from 'fast-check'

type JsonSchema = {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  format?: string
  pattern?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  default?: unknown
}
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } }
type Operation = { parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }

export type FuzzRequest = { method: string; url: string; body?: string; contentType?: string }

/** Strings that have broken APIs: each must be refused cleanly or kept exactly. */
export const HOSTILE_STRINGS = [
  'x\ud800y', '\udc00', 'a\ud83d', '\u0000', 'ab\u0000cd', '\u202eevil\u202c', 'zero\u200bwidth\u200d', '\ufeffbom', 'Ω≈ç√',
  '🚀'.repeat(3), '', ' ', '\t\n', 'x'.repeat(501), 'y'.repeat(10_001), '9999-12-31', '+010004-12-31', '0000-00-00', '2024-02-30',
  '1e308', '-1', 'NaN', 'null', '__proto__', 'constructor', '../../etc/passwd', '%00', '<script>alert(1)</script>', "'; drop table parties; --",
]
export const HOSTILE_NUMBERS = [0, -0, 1, -1, 0.5, -0.5, 1e308, -1e308, 1e16, 1e15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 31, 5e-324, 1900, 2100, 1899, 2101]

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ maxLength: 12 }))
const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer())
const anyJson = fc.jsonValue({ maxDepth: 3 })
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), anyJson, fc.constant(Array.from({ length: 1001 }, (_, i) => i)))

function resolve(schema: JsonSchema, doc: OpenApiDocument): JsonSchema {
  if (!schema.$ref) return schema
  const name = schema.$ref.split('/').pop()!
  return doc.components?.schemas?.[name] ?? {}
}

/** Values that fit the schema (mostly), with hostile values mixed in at every level. */
export function fromSchema(schema0: JsonSchema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(schema0, doc)
  const valid = validFromSchema(schema, doc, depth)
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: hostileValue, weight: 1 })
}

function validFromSchema(schema: JsonSchema, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((s) => fromSchema(s, doc, depth + 1)))
  if (schema.allOf && schema.allOf.length > 0) return fromSchema(schema.allOf[0]!, doc, depth + 1)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string':
      if (schema.format === 'date' || schema.pattern?.includes('\\d{4}')) return fc.oneof(fc.constantFrom('2024-06-01', '2023-11-17', '2022-10-06', '1900-01-01', '2100-12-31', '9999-12-31', '2024-02-29'), hostileString)
      if (schema.pattern === '^[A-Z]{2}$' || schema.pattern?.includes('[A-Za-z]{2}')) return fc.constantFrom('AE', 'CN', 'US', 'IN', 'MY', 'HK', 'ZZ', 'cn')
      return fc.oneof(fc.constantFrom('nvidia-h100-sxm', 'Example Cloud LLC', 'Huawei Technologies', 'D1234567', 'x'), fc.string({ maxLength: 30 }), hostileString)
    case 'integer':
    case 'number': {
      const min = Math.max(schema.minimum ?? -1e6, -1e6)
      const max = Math.max(min, Math.min(schema.maximum ?? 1e6, 1e6))
      const inRange = type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) }) : fc.double({ min, max, noNaN: true })
      return fc.oneof(inRange, hostileNumber)
    }
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(schema.items ? fromSchema(schema.items, doc, depth + 1) : anyJson, { maxLength: 4 })
    case 'object': {
      const props = schema.properties ?? {}
      const required = new Set(schema.required ?? [])
      const model: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, s] of Object.entries(props)) model[k] = fromSchema(s, doc, depth + 1)
      const keys = Object.keys(model)
      const record = fc.record(model, { requiredKeys: keys.filter((k) => required.has(k)) })
      return fc.oneof({ arbitrary: record, weight: 5 }, { arbitrary: fc.tuple(record, fc.string({ maxLength: 8 }), hostileValue).map(([r, k, v]) => ({ ...(r as object), [k]: v })), weight: 1 })
    }
    default:
      return anyJson
  }
}

const encode = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? ''
  try {
    return encodeURIComponent(s)
  } catch {
    return '%ED%A0%80' // a lone surrogate as UTF-8 bytes: what a client that sends one puts on the wire
  }
}

/** Every operation of the document as an arbitrary request; `ids` are real record ids to put in paths. */
export function operationsOf(doc: OpenApiDocument, ids: string[]): { method: string; path: string; request: fc.Arbitrary<FuzzRequest> }[] {
  const out: { method: string; path: string; request: fc.Arbitrary<FuzzRequest> }[] = []
  const pathValue = fc.oneof(fc.constantFrom(...ids.map(encodeURIComponent)), fc.constantFrom('%00', '%ED%A0%80', '%E0%A4%A', 'x'.repeat(250), 'nope', '..', '%2e%2e%2f'), hostileString.map(encode))
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? []
      const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
      const pathArb = fc.tuple(...pathNames.map(() => pathValue)).map((vals) => pathNames.reduce((p, n, i) => p.replace(`{${n}}`, vals[i]!), path))
      const query = params.filter((p) => p.in === 'query')
      const queryArb = fc.tuple(...query.map((q) => fc.option(q.schema ? fromSchema(q.schema, doc) : hostileValue, { nil: undefined }))).map((vals) =>
        query.flatMap((q, i) => (vals[i] === undefined ? [] : [`${encodeURIComponent(q.name)}=${encode(vals[i])}`])).join('&'),
      )
      const bodySchema = op.requestBody?.content?.['application/json']?.schema
      const bodyArb: fc.Arbitrary<string | undefined> = bodySchema
        ? fc.oneof({ arbitrary: fromSchema(bodySchema, doc).map((b) => JSON.stringify(b) ?? 'null'), weight: 6 }, { arbitrary: fc.constantFrom('{', '', '[]', '{"a":1e400}', '{"__proto__":{"x":1}}'), weight: 1 })
        : method === 'post'
          ? fc.option(fc.string({ maxLength: 40 }), { nil: undefined })
          : fc.constant(undefined)
      out.push({
        method: method.toUpperCase(),
        path,
        request: fc.tuple(pathArb, queryArb, bodyArb).map(([p, q, body]) => ({
          method: method.toUpperCase(),
          url: q ? `${p}?${q}` : p,
          ...(body !== undefined ? { body, contentType: path === '/v1/documents' ? 'text/plain' : 'application/json' } : {}),
        })),
      })
    }
  }
  return out
}
