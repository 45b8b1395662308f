/**
 * Every error the API answers is RFC 9457 problem+json, built here and only here: an AppError keeps
 * its catalogue code and status; Fastify's own errors (bad JSON, oversized body, unsupported media
 * type, schema validation) are mapped to catalogue codes; anything else is INTERNAL without details.
 */
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { databaseErrorToAppError } from '../shared/database-errors.js'
import { countryIssueParams, inputError, type RefusedCountry } from '../shared/country-code.js'
import { AppError, ERROR_CATALOGUE, isAppError, type ErrorCode, type FieldIssue } from '../shared/errors.js'
import { plainIssueMessage } from '../shared/plain-issue.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** The `type` URI of a code: stable, like the code itself. */
export const problemType = (code: ErrorCode) => `urn:chipnav:problem:${code}`

export const ProblemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'urn:chipnav:problem:<CODE>' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]]),
    instance: z.string(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable chipnav error code' })
export type Problem = z.infer<typeof ProblemSchema>

/** Detail keys that stay on the server (file paths of the host). */
const PRIVATE_DETAILS = new Set(['detail', 'issues', 'file', 'line'])

/** Turn any thrown value into a problem; `instance` is the request path. */
export function toProblem(error: unknown, instance: string): Problem {
  const app = toAppError(error)
  const { status, title } = ERROR_CATALOGUE[app.code]
  const extensions: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(app.details)) if (!PRIVATE_DETAILS.has(k) && v !== undefined) extensions[k] = v
  const issues = app.details.issues
  return {
    ...extensions,
    type: problemType(app.code),
    title,
    status,
    detail: app.code === 'INTERNAL' ? title : app.message,
    code: app.code,
    instance,
    ...(issues && issues.length > 0 ? { errors: issues } : {}),
  }
}

type FastifyLikeError = Error & { code?: string; statusCode?: number; validation?: unknown; validationContext?: string }

/** Fastify's error codes for a body it could not take, and the catalogue code each becomes. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_JSON', detail: 'the request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_JSON', detail: 'the request body is empty but its content type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', detail: 'the request body is larger than this endpoint accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'VALIDATION_FAILED', detail: 'the body size does not match Content-Length' },
  FST_ERR_CTP_INVALID_CONTENT_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'the Content-Type header is not valid' },
  FST_ERR_BAD_URL: { code: 'VALIDATION_FAILED', detail: 'the URL is not valid: a percent-encoded part is not UTF-8 (or not well-formed)' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', detail: 'a path parameter of the URL is longer than 200 characters' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'BAD_REQUEST', detail: 'the request could not be routed' },
}

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error
  if (!(error instanceof Error)) return new AppError('INTERNAL', { detail: String(error) })
  const database = databaseErrorToAppError(error)
  if (database) return database
  const e = error as FastifyLikeError
  if (hasZodFastifySchemaValidationErrors(e)) {
    const where = e.validationContext ?? 'body'
    const countries: RefusedCountry[] = []
    const issues: FieldIssue[] = e.validation.flatMap((v) => {
      const base = v.instancePath.split('/').filter((p) => p !== '')
      const country = countryIssueParams((v.params ?? {}) as { params?: unknown; issues?: unknown })
      if (country) {
        countries.push({ path: fieldPath(where, base), value: country.value, suggestions: country.suggestions })
        if (country.message) return [{ path: fieldPath(where, base), message: country.message }]
      }
      const branch = v.keyword === 'invalid_union' ? closestBranch(v.params) : undefined
      // an empty application/json body is no body (app.ts): to a route that needs one, say it is missing
      const isBodyMissing = where === 'body' && base.length === 0 && /received null$/.test(v.message ?? '')
      if (isBodyMissing) return [{ path: fieldPath(where, base), message: 'required: the request body is empty (or null); send the JSON this endpoint takes' }]
      if (!branch) return [{ path: fieldPath(where, base), message: plainIssueMessage(v.message ?? 'is not valid') }]
      return branch.map((i) => ({ path: fieldPath(where, [...base, ...i.path]), message: plainIssueMessage(i.message) }))
    })
    return inputError(`the request ${where === 'querystring' ? 'query' : where} is not valid`, issues, countries)
  }
  const known = e.code ? FASTIFY_CODES[e.code] : undefined
  if (known) return new AppError(known.code, { detail: known.detail })
  // JSON.parse failures and prototype poisoning from the JSON parser carry a 4xx status
  if (e instanceof SyntaxError || (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)) {
    if (e.statusCode === 429) return new AppError('RATE_LIMITED', { detail: e.message })
    if (e.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', { detail: e.message })
    if (e.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: e.message })
    if (e.statusCode === 404) return new AppError('ROUTE_NOT_FOUND', { detail: e.message })
    return new AppError(e instanceof SyntaxError ? 'INVALID_JSON' : 'VALIDATION_FAILED', { detail: e.message })
  }
  return new AppError('INTERNAL', { detail: e.message })
}

/** `item.chip` in the body stays `item.chip`; the whole body is `$`; query and params keep their prefix. */
function fieldPath(where: string, segments: readonly PropertyKey[]): string {
  const prefix = where === 'body' ? '' : where === 'querystring' ? 'query' : where
  const path = [prefix, ...segments.map(String)].filter((p) => p !== '').join('.')
  return path === '' ? '$' : path
}

type UnionIssue = { path: PropertyKey[]; message: string; code?: string; errors?: UnionIssue[][] }

/**
 * "Invalid input" says nothing; for a union (item: chip | system | spec | eccn) report the issues of the
 * alternative that came closest (fewest issues), descending into nested unions.
 */
function closestBranch(params: unknown): { path: PropertyKey[]; message: string }[] | undefined {
  const errors = (params as { errors?: UnionIssue[][] } | undefined)?.errors
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  const best = [...errors].sort((a, b) => a.length - b.length)[0]
  if (!best || best.length === 0) return undefined
  return best.flatMap((i) => {
    const nested = i.code === 'invalid_union' ? closestBranch(i) : undefined
    return nested ? nested.map((n) => ({ path: [...i.path, ...n.path], message: n.message })) : [{ path: i.path, message: i.message }]
  })
}
