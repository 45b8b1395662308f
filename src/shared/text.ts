/**
 * Text the records can keep: well-formed Unicode (no lone surrogate, which a database driver would
 * silently turn into U+FFFD and so change a value after its hash was taken) and no NUL (PostgreSQL text
 * cannot hold it). One predicate, used by the API's request guard for every text field, and available
 * to any other edge (CLI, store) that takes text from outside.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** What is wrong with a string as stored text, or undefined when nothing is. */
export function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000), which text fields cannot hold'
  if (LONE_SURROGATE.test(s)) return 'is not well-formed Unicode (it has a lone surrogate code unit)'
  return undefined
}

export const isStorableText = (s: string): boolean => textProblem(s) === undefined

/** The longest name (a party, an owner, a consignee): the longest listed names are under 300 characters. */
export const NAME_MAX_LENGTH = 500
/** The longest short label or number (a licence number, an identifier, a vendor or model). */
export const LABEL_MAX_LENGTH = 200
/** The longest free text in a structured request (a description, a reason, a note). */
export const FREE_TEXT_MAX_LENGTH = 4000

/**
 * A name as records compare it to a name recorded earlier (a hit review's party, an authorisation's end user): case
 * and runs of white space do not count. Not the screening normalisation, which is fuzzy on purpose.
 */
export const sameNameKey = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim()
