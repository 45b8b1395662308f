/**
 * Zod's default issue messages in plain words for the people reading them ("Invalid input: expected string, received
 * undefined" → "required: text"). Messages written by our own schemas (countries, dates) are kept as they are.
 */
const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object (a JSON {…})',
  record: 'an object (a JSON {…})',
  date: 'a date',
  null: 'null',
  undefined: 'nothing',
  nan: 'not a number',
}
const kind = (k: string) => KINDS[k] ?? k

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Invalid input: expected int, received number$/, () => 'must be a whole number'],
  [/^Invalid input: expected (\w+), received undefined$/, (m) => `required: ${kind(m[1]!)}`],
  [/^Invalid input: expected (\w+), received (\w+)$/, (m) => `expected ${kind(m[1]!)}, not ${kind(m[2]!)}`],
  [/^Invalid option: expected one of (.+)$/, (m) => `must be one of ${m[1]!.split('|').join(', ')}`],
  [/^Too small: expected string to have >=?1 characters?$/, () => 'must not be empty'],
  [/^Too small: expected string to have >=?(\d+) characters$/, (m) => `must be at least ${m[1]} characters long`],
  [/^Too small: expected array to have >=?1 items?$/, () => 'must name at least one'],
  [/^Too small: expected array to have >=?(\d+) items$/, (m) => `must have at least ${m[1]} items`],
  [/^Too small: expected number to be >=(\S+)$/, (m) => `must be at least ${m[1]}`],
  [/^Too small: expected number to be >(\S+)$/, (m) => `must be more than ${m[1]}`],
  [/^Too big: expected string to have <=?(\d+) characters$/, (m) => `must be at most ${m[1]} characters long`],
  [/^Too big: expected array to have <=?(\d+) items$/, (m) => `must have at most ${m[1]} items`],
  [/^Too big: expected number to be <=(\S+)$/, (m) => `must be at most ${m[1]}`],
  [/^Too big: expected number to be <(\S+)$/, (m) => `must be less than ${m[1]}`],
  [/^Unrecognized keys?: (.+)$/, (m) => `unknown field ${m[1]} (misspelled, or not one this accepts)`],
]

export function plainIssueMessage(message: string): string {
  for (const [re, say] of RULES) {
    const m = re.exec(message)
    if (m) return say(m)
  }
  return message
}
