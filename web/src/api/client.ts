/**
 * The API client: openapi-fetch typed by schema.d.ts, which scripts/api-types.ts generates from the
 * server's own /openapi.json (a test fails when it is stale), so the UI and the server cannot drift.
 * The session cookie goes with every request (same origin); state-changing requests carry the session's
 * CSRF token in x-csrf-token.
 */
import createClient from 'openapi-fetch'
import type { components, paths } from './schema'

export type Schemas = components['schemas']

let csrfToken: string | undefined
export const setCsrfToken = (t: string | undefined) => {
  csrfToken = t
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use({
  onRequest({ request }) {
    if (csrfToken && !['GET', 'HEAD'].includes(request.method)) request.headers.set('x-csrf-token', csrfToken)
    return request
  },
})

/** RFC 9457 problem details, as the server answers every error. */
export type Problem = { title: string; detail?: string; status: number; code?: string; type?: string; [k: string]: unknown }

export class ProblemError extends Error {
  readonly problem: Problem
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title)
    this.problem = problem
  }
}

/** A listener told when the server says the session is gone (401), so the app shows the sign-in page. */
let onUnauthenticated: (() => void) | undefined
export const whenUnauthenticated = (f: () => void) => {
  onUnauthenticated = f
}

/** The data of an openapi-fetch answer, or a ProblemError with the server's title and detail. */
export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r
  try {
    r = await p
  } catch (e) {
    throw new ProblemError({ title: 'The server cannot be reached', detail: e instanceof Error ? e.message : String(e), status: 0 })
  }
  if (!r.response.ok) {
    const e = r.error
    const problem: Problem = e && typeof e === 'object' && 'title' in e ? (e as Problem) : { title: `HTTP ${r.response.status}`, detail: typeof e === 'string' ? e : r.response.statusText, status: r.response.status }
    if (r.response.status === 401 && onUnauthenticated) onUnauthenticated()
    throw new ProblemError(problem)
  }
  return r.data as T
}

export const asProblem = (e: unknown): Problem => (e instanceof ProblemError ? e.problem : { title: 'Something went wrong', detail: e instanceof Error ? e.message : String(e), status: 0 })
