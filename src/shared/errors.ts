/**
 * The error catalogue. Codes are stable: never rename one. Each code has an HTTP status,
 * a CLI exit code (2 = bad input, 1 = failure of the data or environment) and a title.
 */
import { plainIssueMessage } from './plain-issue.js'

export const ERROR_CATALOGUE = {
  // input
  VALIDATION_FAILED: { status: 400, exit: 2, title: 'The input is not valid' },
  INVALID_DATE: { status: 400, exit: 2, title: 'The date is not a valid YYYY-MM-DD date' },
  RULE_NOT_IN_FORCE: { status: 422, exit: 2, title: 'No rule was in force on the date asked' },
  UNKNOWN_CHIP: { status: 404, exit: 2, title: 'No chip or system has this id' },
  FILE_NOT_FOUND: { status: 404, exit: 2, title: 'The file does not exist or cannot be read' },
  INVALID_JSON: { status: 400, exit: 2, title: 'The input is not valid JSON' },
  // issue 9: every country code is checked against ISO 3166-1 alpha-2 (src/shared/country-code.ts)
  INVALID_COUNTRY: { status: 400, exit: 2, title: 'A country code is not an ISO 3166-1 alpha-2 code' },
  // rules data
  DATA_INVALID: { status: 500, exit: 1, title: 'A rules data file is not valid' },
  DATA_CITATION_MISSING: { status: 500, exit: 1, title: 'A dated value has no citation' },
  DATA_UNKNOWN_SOURCE: { status: 500, exit: 1, title: 'A citation names a source that is not in data/sources.yaml' },
  DATA_DUPLICATE_DATE: { status: 500, exit: 1, title: 'A date key appears twice' },
  DATA_BAD_DATE: { status: 500, exit: 1, title: 'A date key is not an ISO date' },
  DATA_UNKNOWN_KEY: { status: 500, exit: 1, title: 'A data file has a key the schema does not know' },
  DATA_UNKNOWN_UNIT: { status: 500, exit: 1, title: 'A data file uses a unit missing from data/units.yaml' },
  DATA_EFFECTIVE_BEFORE_PUBLISHED: { status: 500, exit: 1, title: 'A value takes effect before its source was published' },
  DATA_DUPLICATE_ID: { status: 500, exit: 1, title: 'Two data entries have the same id' },
  DATA_UNKNOWN_REFERENCE: { status: 500, exit: 1, title: 'A data entry refers to an id that does not exist' },
  // screening lists
  LIST_SNAPSHOT_MISSING: { status: 409, exit: 1, title: 'No list snapshot has been imported' },
  LIST_SOURCE_UNKNOWN: { status: 400, exit: 2, title: 'The list source is not known' },
  LIST_FORMAT_UNRECOGNIZED: { status: 400, exit: 2, title: 'The file is not in a recognised list format' },
  LIST_PARSE_FAILED: { status: 400, exit: 2, title: 'The list file is malformed' },
  LIST_ROW_COUNT_DROP: { status: 409, exit: 2, title: 'The new list has far fewer rows than the active one' },
  LIST_DOWNLOAD_FAILED: { status: 502, exit: 1, title: 'The list could not be downloaded' },
  // internal
  INTERNAL: { status: 500, exit: 1, title: 'Internal error' },
  // the server's environment
  PORT_UNAVAILABLE: { status: 500, exit: 1, title: 'The server cannot listen on this address and port' },
  // HTTP API (issue 5)
  UNAUTHENTICATED: { status: 401, exit: 2, title: 'A valid API key is required (Authorization: Bearer <key>)' },
  FORBIDDEN: { status: 403, exit: 2, title: "The API key's role does not allow this" },
  ROUTE_NOT_FOUND: { status: 404, exit: 2, title: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, exit: 2, title: 'The endpoint does not take this method' },
  PAYLOAD_TOO_LARGE: { status: 413, exit: 2, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, exit: 2, title: 'The request body has an unsupported content type' },
  RATE_LIMITED: { status: 429, exit: 1, title: 'Too many requests for this API key' },
  // records and store (issue 5)
  NOT_FOUND: { status: 404, exit: 2, title: 'No record has this id' },
  CONFLICT: { status: 409, exit: 2, title: 'The record is not in a state that allows this change' },
  LICENSE_OVERDRAWN: { status: 409, exit: 2, title: 'The shipment would pass what the licence authorizes' },
  LICENSE_NOT_VALID: { status: 409, exit: 2, title: 'The licence does not cover this shipment (dates or destination)' },
  ALLOCATION_EXCEEDED: { status: 409, exit: 2, title: 'The allocation would pass its cap' },
  RETENTION_ACTIVE: { status: 409, exit: 2, title: 'The record must be kept (15 CFR 762.6) and cannot be deleted yet' },
  APPROVAL_NOT_REQUIRED: { status: 409, exit: 2, title: 'The transaction needs no approval: its verdict needs no licence or licence exception' },
  TRANSACTION_PROHIBITED: { status: 409, exit: 2, title: 'The transaction is prohibited: it can be neither approved nor rejected' },
  HIT_REVIEW_PENDING: { status: 409, exit: 2, title: "A screening hit of the transaction's parties is not reviewed: review it in the queue, then re-check the transaction" },
  APPROVAL_ALREADY_DECIDED: { status: 409, exit: 2, title: 'The transaction was already approved or rejected; decisions are final' },
  LICENSE_DOES_NOT_COVER: { status: 409, exit: 2, title: 'The licence does not cover this transaction (its dates, destination, ECCN, item, parties or quantity left)' },
  APPROVAL_NEEDS_LICENSE: { status: 409, exit: 2, title: 'The transaction needs a licence: it is approved only under the recorded licence that covers it' },
  // a shipment linked to a transaction is held until the licence decision allows it
  APPROVAL_PENDING: { status: 409, exit: 2, title: "The transaction needs a licence and awaits an approver's decision: nothing ships under it until it is approved" },
  TRANSACTION_REJECTED: { status: 409, exit: 2, title: 'The transaction was rejected: nothing ships under it' },
  SHIPMENT_PROHIBITED: { status: 409, exit: 2, title: 'The transaction is prohibited: nothing ships under it' },
  APPROVED_UNDER_OTHER_LICENSE: { status: 409, exit: 2, title: 'The transaction was approved under another licence: it ships only against that one' },
  TRANSACTION_ON_HOLD: { status: 409, exit: 2, title: 'The transaction is on hold while a screening hit on one of its parties is unreviewed: nothing ships under it until the hold is released' },
  TRANSACTION_SUPERSEDED: { status: 409, exit: 2, title: 'A re-check replaced the transaction: decide on and ship under the transaction that supersedes it' },
  STORE_UNAVAILABLE: { status: 503, exit: 1, title: 'The database cannot be opened or reached' },
  STORE_MIGRATION_FAILED: { status: 500, exit: 1, title: 'The database migrations failed' },
  STORE_NEEDS_MIGRATION: { status: 503, exit: 1, title: 'The database was written by an earlier chipnav and needs migrating (`chipnav migrate`); this command does not change its schema' },
  STORE_BUSY: { status: 503, exit: 1, title: 'The database stayed locked by another writer' },
  STORE_NOT_FOUND: { status: 503, exit: 1, title: 'There is no chipnav database there: nothing has been recorded in it yet' },
  // hardening (issue 11)
  URI_TOO_LONG: { status: 414, exit: 2, title: 'The request URL is too long' },
  HEADERS_TOO_LARGE: { status: 431, exit: 2, title: 'The request headers are too large' },
  BAD_REQUEST: { status: 400, exit: 2, title: 'The HTTP request is malformed' },
  STORE_FULL: { status: 507, exit: 1, title: 'The database is full: nothing was written' },
  STORE_READ_ONLY: { status: 503, exit: 1, title: 'The database is read-only: nothing was written' },
  AUDIT_CHAIN_INVALID: { status: 500, exit: 1, title: 'The audit trail does not verify: records were changed outside chipnav' },
  // store hardening (issue 11)
  SHIPMENT_UNLINKED: { status: 409, exit: 2, title: "A shipment names the approved transaction it carries out, or an approver's override with a reason" },
  SHIPMENT_NOT_COVERED: { status: 409, exit: 2, title: "The shipment's transaction does not cover it (destination or quantity), and no approver's override was recorded" },
  FOUR_EYES_REQUIRED: { status: 403, exit: 2, title: 'The four-eyes rule: the approver of a transaction is not who recorded it' },
  AUDIT_KEY_INVALID: { status: 500, exit: 1, title: 'The audit key is missing, unreadable or malformed' },
  AUDIT_ANCHOR_INVALID: { status: 400, exit: 2, title: 'The audit anchor file is not a valid, signed anchor' },
  // named users and sessions (issue 12)
  SIGN_IN_FAILED: { status: 401, exit: 2, title: 'The username or password is wrong' },
  ACCOUNT_LOCKED: { status: 429, exit: 2, title: 'Too many failed sign-ins: the account is locked for a while' },
  CSRF_TOKEN_INVALID: { status: 403, exit: 2, title: 'A state-changing request from a signed-in browser must carry its x-csrf-token header' },
  // destination verification (issue 14): a later shipment tied to a deployment
  DEPLOYMENT_SHIPMENT_TAKEN: { status: 409, exit: 2, title: 'The shipment is already tied to a deployment' },
  DEPLOYMENT_QUANTITY_MISMATCH: { status: 409, exit: 2, title: "The quantity (or the number of serials) does not match the shipment's" },
  ATTESTATION_IN_FUTURE: { status: 409, exit: 2, title: 'The attestation is dated after today: a site attests what is installed on a day that has come' },
  ATTESTATION_BEFORE_DEPLOYMENT: { status: 409, exit: 2, title: 'The attestation is dated before the chips reached the site (its deployment date or its first shipment)' },
} as const

export type ErrorCode = keyof typeof ERROR_CATALOGUE

/** One offending field: its path (dotted, `$` for the whole input), what was expected, what was found. */
export type FieldIssue = { path: string; message: string }

export type AppErrorDetails = {
  detail?: string
  issues?: FieldIssue[]
  /** free-form context: file, line, suggestions… */
  [key: string]: unknown
}

/** An application error with a stable code; the CLI and API turn it into a message or problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: AppErrorDetails
  constructor(code: ErrorCode, details: AppErrorDetails = {}) {
    super(details.detail ?? ERROR_CATALOGUE[code].title)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
  get status(): number {
    return ERROR_CATALOGUE[this.code].status
  }
  get exitCode(): number {
    return ERROR_CATALOGUE[this.code].exit
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

/** Turn zod issues into field issues with dotted paths. */
export function issuesFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): FieldIssue[] {
  return issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.')
    return { path: path === '' ? '$' : path, message: plainIssueMessage(i.message) }
  })
}
