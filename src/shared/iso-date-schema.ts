/**
 * The zod schema of an IsoDate, apart from iso-date.ts so that a command that validates no input (e.g.
 * `chipnav classify <id>`) does not load zod with the date helpers (issue 15: start-up).
 */
import { z } from 'zod'
import { isoDateProblem, type IsoDate } from './iso-date.js'

export const IsoDateSchema = z
  .string()
  .superRefine((s, ctx) => {
    const problem = isoDateProblem(s)
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
  })
  .transform((s) => s as IsoDate)
