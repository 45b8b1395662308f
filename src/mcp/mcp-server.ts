/**
 * chipnav over the Model Context Protocol: the engine's answers as tools an AI assistant can call, each with its
 * JSON schema and the same cited answers as the CLI and the API. The tools only read (classify, look up, screen,
 * determine); nothing is written to the records store, so no key is needed. Given a way to read the recorded
 * authorisations (VEU), `check` and `check_access` say when one covers the transaction or access, as the API does.
 */
import { certificationsInForce } from '../determination/certifications.js'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'
import { checkAccess } from '../access/check-access.js'
import { classifyCatalogueItem, classifyItem } from '../classification/classify-item.js'
import type { RecordedAuthorisation } from '../determination/authorisation-cover.js'
import { determine } from '../determination/determine.js'
import { redFlagsInForce } from '../determination/red-flags.js'
import type { PartyScreener } from '../determination/types.js'
import { ItemSpecSchema } from '../rules/chip-schemas.js'
import type { Rules } from '../rules/load-rules.js'
import { scoreNames, type Screener } from '../screening/screener.js'
import { DEFAULT_MAX_LIST_AGE, staleListWarnings, type MaxListAge } from '../screening/snapshots/freshness.js'
import { timelineEvents } from '../rules/timeline-events.js'
import { AppError, isAppError } from '../shared/errors.js'
import { plainIssueMessage } from '../shared/plain-issue.js'
import { isIsoDate, todayUtc, type IsoDate } from '../shared/iso-date.js'
import { IsoDateSchema } from '../shared/iso-date-schema.js'
import type { BindingJurisdiction } from '../shared/jurisdictions.js'

export type McpDeps = {
  rules: Rules
  /** built from the active list snapshots; without one, `screen` answers that no list is loaded */
  screener?: Screener
  clock: () => Date
  version: string
  jurisdictions?: readonly BindingJurisdiction[]
  /** the recorded authorisations valid on a date (the records store, read only); without it none are consulted */
  authorisationsInForce?: (date: IsoDate) => Promise<readonly RecordedAuthorisation[]>
  /** the list age limits (the CLI passes CHIPNAV_LIST_MAX_AGE_DAYS); default DEFAULT_MAX_LIST_AGE */
  maxListAge?: MaxListAge
}

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean }

/** A tool's answer as JSON text; a chipnav error (bad input) as a tool error naming the field, never a stack trace. */
function answer(run: () => unknown): ToolResult {
  try {
    return jsonResult(run())
  } catch (e) {
    return toolError(e)
  }
}

/** `answer` for a tool that first reads the store. */
async function answerAsync(run: () => Promise<unknown>): Promise<ToolResult> {
  try {
    return jsonResult(await run())
  } catch (e) {
    return toolError(e)
  }
}

const jsonResult = (value: unknown): ToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] })

function toolError(e: unknown): ToolResult {
  if (!isAppError(e)) throw e
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ code: e.code, detail: e.message, ...(e.details.issues ? { issues: e.details.issues } : {}) }, null, 2) }] }
}

const dateArg = IsoDateSchema.optional().describe('the date the answer is about, YYYY-MM-DD (default today, UTC)')
const regimeArg = z.enum(['as-enforced', 'as-published']).optional().describe('as-enforced (default): the rules as BIS enforces them; as-published: as printed, including the AI Diffusion Rule')

/**
 * A tool's arguments, strict: an argument the tool does not take is refused by name with the ones it does take
 * ("unknown argument id; expected chip, spec, date"), as the CLI refuses an unknown option; dropped silently it
 * would answer another question than the one asked. The JSON schema listed says so (additionalProperties: false).
 */
function strictArgs<S extends z.ZodRawShape>(shape: S) {
  const expected = Object.keys(shape).join(', ')
  const plain = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, withPlainIssues(s as z.ZodType)])) as unknown as S
  return z.strictObject(plain, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}; expected ${expected || 'none'}` : undefined),
  })
}

/** The validation library's message for an issue, in plain words (shared/plain-issue.ts), as the CLI and the API say it. */
const plainIssue = (issue: Parameters<NonNullable<Parameters<typeof z.config>[0]>['customError'] & {}>[0]) => {
  const m = z.config().localeError?.(issue)
  const text = typeof m === 'string' ? m : m?.message
  return text === undefined ? undefined : plainIssueMessage(text)
}

/**
 * An argument's schema whose own issues (and its optional/nullable wrapper's) read in plain words: "required: an
 * object (a JSON {…})", not "Invalid input: expected record, received undefined". The MCP SDK validates the arguments
 * and reports each issue's message as is; a message the schema writes itself (a date's) is kept. A copy: the schema
 * given is shared with the API and left as it is; its description is carried over for the listed JSON schema.
 */
function withPlainIssues(s: z.ZodType): z.ZodType {
  const def = s.def as { type: string; innerType?: z.ZodType; error?: unknown }
  const inner = def.innerType !== undefined && ['optional', 'nullable', 'default'].includes(def.type) ? { innerType: withPlainIssues(def.innerType) } : {}
  const copy = s.clone({ ...s.def, ...inner, ...(def.error === undefined ? { error: plainIssue } : {}) } as typeof s.def)
  const meta = z.globalRegistry.get(s)
  if (meta) z.globalRegistry.add(copy, meta)
  return copy
}

export function buildMcpServer(deps: McpDeps): McpServer {
  const { rules } = deps
  const today = (): IsoDate => todayUtc(deps.clock())
  const server = new McpServer({ name: 'chipnav', version: deps.version })
  /** the recorded authorisations on the input's date (not yet validated: none for a bad one, whose error the tool reports) */
  const authorisationsOn = async (date: unknown) => (deps.authorisationsInForce && isIsoDate(date) ? deps.authorisationsInForce(date) : undefined)
  /**
   * An answer that screened names carries the stale-list warnings, as the CLI's and the API's do: "no hit" against a
   * list older than its limit says nothing about the parties listed since. Judged on the clock's today.
   */
  const withListWarnings = <T extends object>(result: T): T & { listWarnings?: ReturnType<typeof staleListWarnings> } =>
    deps.screener ? { ...result, listWarnings: staleListWarnings(deps.screener.snapshots, deps.clock(), deps.maxListAge ?? DEFAULT_MAX_LIST_AGE) } : result

  server.registerTool(
    'classify',
    {
      description: 'The ECCN (3A090.a/.b/.c, 4A090.a/.b or none) of a catalogue chip or system, or of a specification, on a date, with TPP, performance density and the cited trace of each test.',
      inputSchema: strictArgs({ chip: z.string().optional().describe('a catalogue id, e.g. nvidia-h100-sxm (see the chips tool)'), spec: ItemSpecSchema.optional().describe('a specification instead of a catalogue id'), date: dateArg }),
    },
    async ({ chip, spec, date }) =>
      answer(() => {
        const opts = { rules, asOf: date ?? today() }
        if (spec && chip !== undefined) throw new AppError('VALIDATION_FAILED', { detail: 'give chip (a catalogue id) or spec, not both' })
        if (spec) return classifyItem(spec, opts)
        if (chip === undefined) throw new AppError('VALIDATION_FAILED', { detail: 'chip (a catalogue id, e.g. nvidia-h100-sxm) or spec is required' })
        return classifyCatalogueItem(chip, opts)
      }),
  )

  server.registerTool(
    'chips',
    { description: 'The chip and system catalogue with each item\'s TPP, performance density and ECCN on a date.', inputSchema: strictArgs({ date: dateArg }) },
    async ({ date }) =>
      answer(() => {
        const asOf = date ?? today()
        return [...rules.catalogue.keys()].sort().map((id) => {
          const r = classifyCatalogueItem(id, { rules, asOf })
          return { id, kind: r.item.kind, vendor: r.item.vendor, model: r.item.model, tpp: r.tpp, performanceDensity: r.performanceDensity, eccn: r.eccn, determined: r.determined }
        })
      }),
  )

  server.registerTool(
    'screen',
    {
      description: 'Screen a name against the loaded restricted-party lists (U.S. CSL, OFAC, DPL; UN, UK, EU when imported): every entry at or above the threshold, each with its list, programmes, score and an explanation of the match. `notices` (NAME_SCRIPT_UNCOVERED) says when the name is in a script the lists barely hold (Han, Arabic, Hangul…): then no hit is not a clean result, and the English or romanized name should be screened too.',
      inputSchema: strictArgs({
        name: z.string().min(1).max(500),
        country: z.string().length(2).optional().describe('ISO 3166-1 alpha-2 country of the party'),
        type: z.enum(['individual', 'entity', 'vessel', 'aircraft']).optional(),
        threshold: z.number().min(0).max(1).optional(),
      }),
    },
    async ({ name, country, type, threshold }) =>
      answer(() => {
        if (!deps.screener) return { error: 'no list snapshot is loaded: run `chipnav lists update` or `chipnav lists import` first' }
        return withListWarnings(deps.screener.screen({ name, ...(country ? { country } : {}), ...(type ? { type } : {}), ...(threshold !== undefined ? { threshold } : {}) }))
      }),
  )

  server.registerTool(
    'match',
    { description: 'Score two names against each other with the screening rules, with the explanation.', inputSchema: strictArgs({ a: z.string().min(1).max(500), b: z.string().min(1).max(500) }) },
    async ({ a, b }) => answer(() => scoreNames({ a, b })),
  )

  const screener: PartyScreener | undefined = deps.screener
  server.registerTool(
    'check',
    {
      description:
        'Determine whether a transaction needs a U.S. export licence on a date, and why: verdict (NLR, LICENSE_EXCEPTION, LICENSE_REQUIRED, PROHIBITED), review policy, licence exceptions, reasons citing the Federal Register and the CFR, and flags. When the verdict rests on screening matches no officer has reviewed, `pendingReview` lists them and gives the answer if they are cleared: the verdict holds only if they are confirmed. The transaction is { date, item: {chip|system|spec|eccn}, quantity, from?, to, parties?: [{role, name, country, headquarters?, ultimateParentHeadquarters?}], endUse?, answers?, certifications? }.',
      inputSchema: strictArgs({ transaction: z.record(z.string(), z.unknown()).describe('the transaction as chipnav check reads it'), regime: regimeArg }),
    },
    async ({ transaction, regime }) =>
      answerAsync(async () => {
        const authorisations = await authorisationsOn(transaction.date)
        return withListWarnings(determine(transaction, { rules, ...(regime ? { regime } : {}), ...(screener ? { screener } : {}), ...(deps.jurisdictions ? { jurisdictions: deps.jurisdictions } : {}), ...(authorisations ? { authorisations } : {}) }))
      }),
  )

  server.registerTool(
    'diff',
    {
      description: 'The same transaction determined on several dates: how the verdict and reasons change, and which rule versions changed them. Answers { dates: [{ date, verdict, reviewPolicy, reasons }], listWarnings }.',
      inputSchema: strictArgs({ transaction: z.record(z.string(), z.unknown()), dates: z.array(IsoDateSchema).min(2).max(50), regime: regimeArg }),
    },
    async ({ transaction, dates, regime }) =>
      answer(() =>
        withListWarnings({
          dates: [...dates].sort().map((date) => {
            const r = determine({ ...transaction, date }, { rules, ...(regime ? { regime } : {}), ...(screener ? { screener } : {}), ...(deps.jurisdictions ? { jurisdictions: deps.jurisdictions } : {}) })
            return { date, verdict: r.verdict, reviewPolicy: r.reviewPolicy, reasons: r.reasons.map((x) => ({ ruleId: x.ruleId, text: x.text, citations: x.citations.map((c) => `${c.cfr}; ${c.source.citation}`) })) }
          }),
        }),
      ),
  )

  server.registerTool(
    'timeline',
    { description: 'The dated rule changes in chipnav\'s data (Federal Register rules, letters, guidance), with their sources.', inputSchema: strictArgs({ from: IsoDateSchema.optional().describe('the first date to list changes from, YYYY-MM-DD (default: the first change in the data)'), to: IsoDateSchema.optional().describe('the last date to list changes to, YYYY-MM-DD (default: the last change in the data)') }) },
    async ({ from, to }) =>
      answer(() =>
        timelineEvents(rules, { from, to }).map((e) => {
          const s = rules.sources.get(e.source)
          return { date: e.date, id: e.id, summary: e.summary, source: s ? { citation: s.citation, title: s.title, url: s.url, ...(s.unverified ? { unverified: true } : {}) } : e.source, rules: e.rules }
        }),
      ),
  )

  server.registerTool(
    'red_flags',
    { description: 'The red-flag questions in force on a date (BIS Know Your Customer guidance and the 2025 AI-chip diversion red flags), each with its citation.', inputSchema: strictArgs({ date: dateArg }) },
    async ({ date }) => answer(() => redFlagsInForce(rules, date ?? today()).map((x) => ({ set: x.set, id: x.id, question: x.question, raisedWhen: x.raisedWhen, cfr: x.cfr ?? x.citation?.cfr ?? null }))),
  )

  server.registerTool(
    'certifications',
    { description: "The statements an exporter may certify under the policies in force on a date (e.g. the January 2026 China case-by-case conditions), each with its id (to give in a transaction's certifications) and citation.", inputSchema: strictArgs({ date: dateArg }) },
    async ({ date }) => answer(() => ({ date: date ?? today(), rulesVersion: rules.version, certifications: certificationsInForce(rules, date ?? today()).map((c) => ({ set: c.set, id: c.id, text: c.text, cfr: c.citation.cfr, source: c.citation.source.citation, ...(c.citation.unverified ? { unverified: true, ...(c.note ? { note: c.note } : {}) } : {}) })) })),
  )

  server.registerTool(
    'check_access',
    {
      description: 'Check remote use of compute (IaaS) or a release of technology, software or model weights to a person or tenant (deemed exports included), on a date: { date, who, what, where: { country, accessFrom?, operator? }, purpose }. where.accessFrom is where the person or tenant is: a release is received there (a person in China reaching a U.S. server receives an export to China, not a deemed export). The answer names what is released (`subject`); `pendingReview`, when present, lists the unreviewed screening matches the verdict rests on and the answer if they are cleared.',
      inputSchema: strictArgs({ check: z.record(z.string(), z.unknown()), regime: regimeArg }),
    },
    async ({ check, regime }) =>
      answerAsync(async () => {
        const authorisations = await authorisationsOn(check.date)
        return withListWarnings(checkAccess(check, { rules, ...(regime ? { regime } : {}), ...(screener ? { screener } : {}), ...(authorisations ? { authorisations } : {}) }))
      }),
  )

  return server
}
