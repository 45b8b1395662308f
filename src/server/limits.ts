/**
 * The API's limits, in one place (README "Limits" documents each): what one request may carry, so no
 * client can make the server do or keep unbounded work. Schemas set tighter bounds on the fields where
 * the domain knows better (a name, a TPP, a quantity); these are the floor every request meets.
 */

/** Request bodies, per route (bytes). Anything not listed takes DEFAULT. */
export const BODY_LIMITS = {
  /** every JSON route not named below */
  DEFAULT: 256 * 1024,
  /** `POST /v1/determinations`, `POST /v1/transactions`, `POST /v1/classify`: a transaction or a system spec */
  DETERMINATION: 512 * 1024,
  /** `POST /v1/documents`: the file itself */
  DOCUMENT: 25 * 1024 * 1024,
  /** `POST /v1/lists/import`: the official list files, base64 in JSON (admin) */
  LIST_IMPORT: 256 * 1024 * 1024,
} as const

/** Every JSON value in a request (body, query, path parameters) is walked against these before its schema. */
export const REQUEST_LIMITS = {
  /** characters in any one string (names and free text have tighter schema limits) */
  maxStringLength: 10_000,
  /** characters in an object key */
  maxKeyLength: 200,
  /** items in any one array */
  maxArrayLength: 1_000,
  /** nesting of arrays and objects */
  maxDepth: 32,
  /** the largest magnitude of any number: integers stay exact (2^53 ≈ 9.007e15), sums of many stay finite */
  maxNumberMagnitude: 1e15,
} as const
export type RequestLimits = { -readonly [K in keyof typeof REQUEST_LIMITS]: number }

/** `POST /v1/lists/import`: a file's base64 text is its own limit (the body limit bounds it). */
export const LIST_IMPORT_STRING_LENGTH = BODY_LIMITS.LIST_IMPORT

/** Failed authentications (missing, unknown or revoked key) per client address before 429. */
export const FAILED_AUTH_LIMIT = { max: 30, timeWindowMs: 60_000, maxTrackedAddresses: 10_000 } as const

/** `GET /v1/audit/verify` per API key (it re-hashes the whole trail): at most this many per window. */
export const AUDIT_VERIFY_RATE_LIMIT = { max: 6, timeWindowMs: 60_000 } as const

/** The longest request URL (path and query), in bytes: longer is 414. */
export const MAX_URL_LENGTH = 8 * 1024
