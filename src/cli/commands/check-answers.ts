/**
 * `chipnav check --certify <id>` and `--red-flag <id>=yes|no`: certifications and red-flag answers given
 * on the command line, added to the transaction (built from options or read with --file) before it is
 * validated. Typed by hand, each id must be one the rules data knows (a certification some policy asks for,
 * a red-flag question), and an answer may not contradict the file's own.
 */
import { knownCertificationIds } from '../../determination/certifications.js'
import type { Rules } from '../../rules/load-rules.js'
import { AppError } from '../../shared/errors.js'

export type CliAnswers = { certify: readonly string[]; redFlags: readonly string[] }

function parseRedFlag(spec: string, i: number, known: ReadonlySet<string>): [string, 'yes' | 'no'] {
  const m = /^\s*([^=\s]+)\s*=\s*(yes|no)\s*$/i.exec(spec)
  const path = `--red-flag[${i}]`
  if (!m) throw new AppError('VALIDATION_FAILED', { detail: `--red-flag "${spec}" is not <id>=yes|no`, issues: [{ path, message: 'expected <id>=yes or <id>=no, e.g. kyc-reluctant-end-use=no' }] })
  const id = m[1]!
  if (!known.has(id)) throw new AppError('VALIDATION_FAILED', { detail: `--red-flag: no red-flag question has the id "${id}"`, issues: [{ path, message: 'expected an id that `chipnav red-flags` lists' }] })
  return [id, m[2]!.toLowerCase() as 'yes' | 'no']
}

/** The transaction with the command line's certifications and answers added (unchanged when none are given). */
export function withCliAnswers(tx: unknown, given: CliAnswers, rules: Rules): unknown {
  if (given.certify.length === 0 && given.redFlags.length === 0) return tx
  if (tx === null || typeof tx !== 'object' || Array.isArray(tx)) return tx // the schema says what is wrong
  const t = { ...(tx as Record<string, unknown>) }
  if (given.certify.length) {
    const known = knownCertificationIds(rules)
    // "--certify a,b" as well as "--certify a --certify b"
    const ids = given.certify.flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c !== '').map((id, i) => {
      if (!known.has(id)) throw new AppError('VALIDATION_FAILED', { detail: `--certify: no policy in the rules data asks for the certification "${id}"`, issues: [{ path: `--certify[${i}]`, message: `expected one of ${[...known].join(', ')}` }] })
      return id
    })
    const had = Array.isArray(t.certifications) ? (t.certifications as unknown[]) : []
    t.certifications = [...new Set([...had, ...ids])]
  }
  if (given.redFlags.length) {
    const known = new Set([...rules.redFlags.values()].flatMap((set) => set.flags.map((f) => f.id)))
    const answers: Record<string, unknown> = t.answers && typeof t.answers === 'object' ? { ...(t.answers as Record<string, unknown>) } : {}
    given.redFlags.forEach((spec, i) => {
      const [id, answer] = parseRedFlag(spec, i, known)
      if (answers[id] !== undefined && answers[id] !== answer) {
        throw new AppError('VALIDATION_FAILED', { detail: `--red-flag ${id}=${answer} contradicts the transaction's answer "${String(answers[id])}"`, issues: [{ path: `--red-flag[${i}]`, message: `the transaction already answers ${id}` }] })
      }
      answers[id] = answer
    })
    t.answers = answers
  }
  return t
}
