/**
 * The strict loader for data/: every file is parsed, checked against its schema and cross-checked
 * (citations, units, dates) before anything is used. A problem names the file and line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { relative, sep } from 'node:path'
import { createRequire } from 'node:module'
import type { Document, LineCounter, Node as YamlNode } from 'yaml'
import type { z } from 'zod'
import { AppError, type ErrorCode } from '../shared/errors.js'
import { isIsoDate, type IsoDate } from '../shared/iso-date.js'
import { CatalogueEntrySchema, type CatalogueEntry } from './chip-schemas.js'
import {
  EventsFileSchema,
  NUMBER_VALUE,
  ParameterFileSchema,
  RedFlagsFileSchema,
  SourcesFileSchema,
  UnitsFileSchema,
  VALUE_SCHEMAS,
  type Comparison,
  type RedFlagsFile,
  type Source,
} from './data-schemas.js'
import { readRulesCache } from './rules-cache.js'
import { computeRulesVersion, DEFAULT_DATA_DIR, listFiles } from './rules-version.js'
import type { Dated } from './value-at.js'

export type Parameter = {
  /** dotted rule id mirroring the path: data/ccl/3a090/a1-tpp.yaml → ccl.3a090.a1-tpp */
  id: string
  file: string
  description: string
  unit: string
  comparison?: Comparison
  reviewed: IsoDate
  /** newest first */
  values: Dated<unknown>[]
}

export type TimelineEvent = { date: IsoDate; id: string; source: string; summary: string; rules: string[] }

export type Rules = {
  /** sha256 over the canonical contents of data/ */
  version: string
  dataDir: string
  sources: ReadonlyMap<string, Source>
  units: ReadonlyMap<string, string>
  parameters: ReadonlyMap<string, Parameter>
  catalogue: ReadonlyMap<string, CatalogueEntry>
  events: readonly TimelineEvent[]
  /** red-flag sets by id (file name): data/red-flags/<id>.yaml */
  redFlags: ReadonlyMap<string, RedFlagsFile & { id: string }>
}

export type LoadRulesOptions = {
  dataDir?: string
  /** read the compiled build's saved rules when data/ is unchanged (default true); false always parses and checks every file */
  useCache?: boolean
}

/** data/ shipped with the package. */
export { computeRulesVersion, DEFAULT_DATA_DIR } from './rules-version.js'

type Problem = { code: ErrorCode; file: string; line: number | null; message: string }

class Problems {
  readonly list: Problem[] = []
  add(code: ErrorCode, file: string, line: number | null, message: string): void {
    this.list.push({ code, file, line, message })
  }
  throwIfAny(): void {
    const first = this.list[0]
    if (!first) return
    throw new AppError(first.code, {
      detail: `${where(first)}: ${first.message}${this.list.length > 1 ? ` (and ${this.list.length - 1} more)` : ''}`,
      issues: this.list.map((p) => ({ path: where(p), message: `${p.code}: ${p.message}` })),
    })
  }
}
const where = (p: { file: string; line: number | null }) => (p.line === null ? p.file : `${p.file}:${p.line}`)

type ParsedFile = { rel: string; doc: Document; counter: LineCounter; data: unknown }

/**
 * The YAML parser, loaded when a file is first parsed: the compiled build's saved rules (rules-cache.ts)
 * need no parser, and start-up then does not pay for loading it. (Under Node, `import 'yaml'` loads this
 * same CommonJS build, so there is one instance either way.)
 */
let yamlModule: typeof import('yaml') | undefined
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'))

function lineOfNode(node: YamlNode | null | undefined, counter: LineCounter): number | null {
  const offset = node?.range?.[0]
  return offset === undefined ? null : counter.linePos(offset).line
}

/** Line of the node at `path`, or of its nearest existing ancestor. */
function lineAt(file: ParsedFile, path: ReadonlyArray<PropertyKey>): number | null {
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).map((k) => (typeof k === 'symbol' ? String(k) : k))
    const node = n === 0 ? file.doc.contents : (file.doc.getIn(keys, true) as YamlNode | undefined)
    if (node && typeof node === 'object') {
      // for a key whose value is missing, point at the map; for a scalar, at the scalar
      const line = lineOfNode(node, file.counter)
      if (line !== null) return line
    }
  }
  return null
}

/** Find keys repeated within one map: YAML would silently keep the last one. */
function checkDuplicateKeys(file: ParsedFile, problems: Problems): void {
  const visit = (node: unknown): void => {
    if (yaml().isMap(node)) {
      const seen = new Set<string>()
      for (const pair of node.items) {
        const key = yaml().isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
        if (seen.has(key)) {
          const line = lineOfNode(pair.key as YamlNode, file.counter)
          problems.add(isIsoDate(key) ? 'DATA_DUPLICATE_DATE' : 'DATA_INVALID', file.rel, line, `the key "${key}" appears twice`)
        }
        seen.add(key)
        visit(pair.value)
      }
    } else if (yaml().isSeq(node)) {
      for (const item of node.items) visit(item)
    }
  }
  visit(file.doc.contents)
}

function parseYaml(rel: string, text: string, problems: Problems): ParsedFile | null {
  const counter = new (yaml().LineCounter)()
  const doc = yaml().parseDocument(text, { uniqueKeys: false, lineCounter: counter, prettyErrors: false })
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.add('DATA_INVALID', rel, e.linePos?.[0]?.line ?? null, e.message.split('\n')[0] ?? 'YAML syntax error')
    return null
  }
  const file: ParsedFile = { rel, doc, counter, data: doc.toJS() }
  checkDuplicateKeys(file, problems)
  return file
}

/** Validate with zod; report each issue with the file, line and a code that says what kind of problem it is. */
function validate<S extends z.ZodType>(file: ParsedFile, schema: S, problems: Problems, isCitationPath = (_p: readonly PropertyKey[]) => false): z.output<S> | null {
  const result = schema.safeParse(file.data)
  if (result.success) return result.data
  // an unknown key is usually the cause of the other issues on the same object (a misspelt key): report it first
  const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'))
  for (const issue of issues) {
    const path = issue.path
    const dotted = path.map(String).join('.')
    let code: ErrorCode = 'DATA_INVALID'
    let message = `${dotted || '(root)'}: ${issue.message}`
    if (issue.code === 'unrecognized_keys') {
      code = 'DATA_UNKNOWN_KEY'
      message = `${dotted || '(root)'}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      const line = lineAt(file, [...path, issue.keys[0] ?? ''])
      problems.add(code, file.rel, line, message)
      continue
    }
    if (isCitationPath(path)) code = 'DATA_CITATION_MISSING'
    problems.add(code, file.rel, lineAt(file, path), message)
  }
  return null
}

const PARAMETER_DIRS = ['ccl/', 'policies/', 'country-groups/']

export function loadRules(options: LoadRulesOptions = {}): Rules {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) throw new AppError('DATA_INVALID', { detail: `the rules data directory "${dataDir}" does not exist` })
  const version = computeRulesVersion(dataDir)
  if (options.useCache !== false) {
    const cached = readRulesCache(version, dataDir)
    if (cached) return cached
  }
  const problems = new Problems()
  const files = listFiles(dataDir)
  const parsed = new Map<string, ParsedFile>()
  for (const full of files) {
    const rel = relative(dataDir, full).split(sep).join('/')
    if (!rel.endsWith('.yaml') && !rel.endsWith('.yml')) continue
    const file = parseYaml(rel, readFileSync(full, 'utf8'), problems)
    if (file) parsed.set(rel, file)
  }

  // sources.yaml and units.yaml first: everything else refers to them
  const sources = new Map<string, Source>()
  const sourcesFile = parsed.get('sources.yaml')
  if (!sourcesFile) problems.add('DATA_INVALID', 'sources.yaml', null, 'data/sources.yaml is missing')
  else {
    const data = validate(sourcesFile, SourcesFileSchema, problems)
    for (const [id, s] of Object.entries(data ?? {})) sources.set(id, { ...s, id })
  }
  const units = new Map<string, string>()
  const unitsFile = parsed.get('units.yaml')
  if (!unitsFile) problems.add('DATA_INVALID', 'units.yaml', null, 'data/units.yaml is missing')
  else for (const [k, v] of Object.entries(validate(unitsFile, UnitsFileSchema, problems) ?? {})) units.set(k, v)

  const checkSource = (file: ParsedFile, path: PropertyKey[], id: string): Source | undefined => {
    const s = sources.get(id)
    if (!s) problems.add('DATA_UNKNOWN_SOURCE', file.rel, lineAt(file, path), `source "${id}" is not in data/sources.yaml`)
    return s
  }

  const parameters = new Map<string, Parameter>()
  const catalogue = new Map<string, CatalogueEntry>()
  const events: TimelineEvent[] = []
  const redFlags = new Map<string, RedFlagsFile & { id: string }>()

  for (const [rel, file] of parsed) {
    if (rel === 'sources.yaml' || rel === 'units.yaml') continue
    if (rel === 'events.yaml') {
      const data = validate(file, EventsFileSchema, problems)
      for (const [date, list] of Object.entries(data ?? {})) {
        if (!isIsoDate(date)) {
          problems.add('DATA_BAD_DATE', rel, lineAt(file, [date]), `"${date}" is not a YYYY-MM-DD date`)
          continue
        }
        list.forEach((e, i) => {
          checkSource(file, [date, i, 'source'], e.source)
          events.push({ date, ...e })
        })
      }
      continue
    }
    if (rel.startsWith('chips/')) {
      const entry = validate(file, CatalogueEntrySchema, problems)
      if (!entry) continue
      const expectedId = rel.slice('chips/'.length).replace(/\.ya?ml$/, '')
      if (entry.id !== expectedId) problems.add('DATA_INVALID', rel, lineAt(file, ['id']), `id "${entry.id}" does not match the file name (expected "${expectedId}")`)
      checkCatalogueCitations(file, entry, problems)
      catalogue.set(entry.id, entry)
      continue
    }
    if (rel.startsWith('red-flags/')) {
      const data = validate(file, RedFlagsFileSchema, problems, (p) => p.length === 1 && (p[0] === 'source' || p[0] === 'cfr'))
      if (!data) continue
      checkSource(file, ['source'], data.source)
      const ids = new Set<string>()
      data.flags.forEach((f, i) => {
        if (f.source) checkSource(file, ['flags', i, 'source'], f.source)
        f.stays?.forEach((st, j) => checkSource(file, ['flags', i, 'stays', j, 'source'], st.source))
        if (ids.has(f.id)) problems.add('DATA_DUPLICATE_ID', rel, lineAt(file, ['flags', i, 'id']), `red flag id "${f.id}" appears twice`)
        ids.add(f.id)
      })
      redFlags.set(rel.slice('red-flags/'.length).replace(/\.ya?ml$/, ''), { ...data, id: rel.slice('red-flags/'.length).replace(/\.ya?ml$/, '') })
      continue
    }
    if (PARAMETER_DIRS.some((d) => rel.startsWith(d))) {
      const p = loadParameter(file, units, checkSource, problems)
      if (p) parameters.set(p.id, p)
      continue
    }
    problems.add('DATA_INVALID', rel, null, 'this file is in no known place in data/ (expected sources.yaml, units.yaml, events.yaml, ccl/, policies/, country-groups/, red-flags/ or chips/)')
  }

  // chip lists in policies (letters, GP10 guidance) name catalogue ids
  for (const p of parameters.values()) {
    for (const v of p.values) {
      const ids = p.unit === 'chip-set' ? (v.value as string[] | null) : p.unit === 'letter' ? ((v.value as { chips?: string[] } | null)?.chips ?? null) : null
      for (const id of ids ?? []) {
        if (!catalogue.has(id)) problems.add('DATA_UNKNOWN_REFERENCE', p.file, lineAt(parsed.get(p.file)!, ['values', v.effective]), `chip "${id}" is not in the catalogue (data/chips/)`)
      }
    }
  }

  // a licence exception restriction names the requirements exempt from it by rule id: each must be a parameter
  for (const p of parameters.values()) {
    if (p.unit !== 'license-exception-restriction') continue
    for (const v of p.values) {
      for (const id of (v.value as { exemptRequirements?: string[] } | null)?.exemptRequirements ?? []) {
        if (!parameters.has(id)) problems.add('DATA_UNKNOWN_REFERENCE', p.file, lineAt(parsed.get(p.file)!, ['values', v.effective]), `requirement "${id}" is not a rule in data/`)
      }
    }
  }

  // systems refer to chips in the catalogue
  for (const entry of catalogue.values()) {
    if (entry.kind !== 'system') continue
    entry.components.forEach((c, i) => {
      const target = catalogue.get(c.chip)
      if (!target || target.kind !== 'chip') {
        const file = parsed.get(`chips/${entry.id}.yaml`)
        problems.add('DATA_UNKNOWN_REFERENCE', `chips/${entry.id}.yaml`, file ? lineAt(file, ['components', i, 'chip']) : null, `component "${c.chip}" is not a chip in the catalogue`)
      }
    })
  }

  problems.throwIfAny()
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  return { version, dataDir, sources, units, parameters, catalogue, events, redFlags }
}

function loadParameter(
  file: ParsedFile,
  units: ReadonlyMap<string, string>,
  checkSource: (file: ParsedFile, path: PropertyKey[], id: string) => Source | undefined,
  problems: Problems,
): Parameter | null {
  const isCitation = (p: readonly PropertyKey[]) => p[0] === 'values' && (p[2] === 'source' || p[2] === 'cfr')
  const data = validate(file, ParameterFileSchema, problems, isCitation)
  if (!data) return null
  if (!units.has(data.unit)) problems.add('DATA_UNKNOWN_UNIT', file.rel, lineAt(file, ['unit']), `unit "${data.unit}" is not in data/units.yaml`)
  const valueSchema = VALUE_SCHEMAS[data.unit] ?? NUMBER_VALUE
  const values: Dated<unknown>[] = []
  for (const [date, entry] of Object.entries(data.values)) {
    if (!isIsoDate(date)) {
      problems.add('DATA_BAD_DATE', file.rel, lineAt(file, ['values', date]), `"${date}" is not a YYYY-MM-DD date`)
      continue
    }
    let value: unknown = entry.value
    if (entry.value !== null) {
      const r = valueSchema.safeParse(entry.value)
      if (!r.success) problems.add('DATA_INVALID', file.rel, lineAt(file, ['values', date, 'value', ...(r.error.issues[0]?.path ?? [])]), `value: ${r.error.issues[0]?.message ?? 'invalid'} (unit ${data.unit})`)
      else value = r.data
    }
    const source = checkSource(file, ['values', date, 'source'], entry.source)
    if (source && date < source.published && !entry.retroactive) {
      problems.add(
        'DATA_EFFECTIVE_BEFORE_PUBLISHED',
        file.rel,
        lineAt(file, ['values', date]),
        `${date} is before ${entry.source} was published (${source.published}); mark the entry \`retroactive: true\` with a note if that is right`,
      )
    }
    // sources named inside a value (a letter's licensing reports) must exist too
    const reports = data.unit === 'letter' ? ((value as { licensingReports?: { source: string }[] } | null)?.licensingReports ?? []) : []
    reports.forEach((r, i) => checkSource(file, ['values', date, 'value', 'licensingReports', i, 'source'], r.source))
    // a member cited to another rule: that rule exists, the member is in the set, and it took effect no later
    for (const [member, m] of Object.entries(entry.memberCitations ?? {})) {
      const at = ['values', date, 'memberCitations', member]
      checkSource(file, [...at, 'source'], m.source)
      if (!Array.isArray(value) || !value.includes(member)) problems.add('DATA_INVALID', file.rel, lineAt(file, at), `memberCitations names ${member}, which is not in this entry's value`)
      if (m.effective > date) problems.add('DATA_INVALID', file.rel, lineAt(file, [...at, 'effective']), `${member}'s citation takes effect on ${m.effective}, after this entry (${date})`)
    }
    values.push({ effective: date, value, source: entry.source, cfr: entry.cfr, note: entry.note, unverified: entry.unverified, ...(entry.memberCitations ? { memberCitations: entry.memberCitations as Dated<unknown>['memberCitations'] } : {}) })
  }
  values.sort((a, b) => (a.effective < b.effective ? 1 : a.effective > b.effective ? -1 : 0))
  const id = file.rel.replace(/\.ya?ml$/, '').split('/').join('.')
  return { id, file: file.rel, description: data.description, unit: data.unit, comparison: data.comparison, reviewed: data.reviewed, values }
}

/** Every non-null scalar spec value cites a source listed in the entry's own `sources`. */
function checkCatalogueCitations(file: ParsedFile, entry: CatalogueEntry, problems: Problems): void {
  const ids = new Set(entry.sources.map((s) => s.id))
  const cite = (path: PropertyKey[], id: string) => {
    if (!ids.has(id)) problems.add('DATA_UNKNOWN_SOURCE', file.rel, lineAt(file, path), `source "${id}" is not listed in this entry's sources`)
  }
  for (const [field, id] of Object.entries(entry.citations)) cite(['citations', field], id)
  const needs = (field: string, value: unknown) => {
    if (value !== null && value !== undefined && !(field in entry.citations)) {
      problems.add('DATA_CITATION_MISSING', file.rel, lineAt(file, [field]), `${field} has a value but no entry in citations`)
    }
  }
  if (entry.kind === 'chip') {
    entry.throughput.forEach((t, i) => cite(['throughput', i, 'source'], t.source))
    entry.dies?.forEach((d, i) => cite(['dies', i, 'source'], d.source))
    needs('interconnectGBps', entry.interconnectGBps)
    needs('memory', entry.memory)
    needs('datacenter', entry.datacenter)
    needs('transistors', entry.transistors)
  } else if (entry.kind === 'memory') {
    needs('memory', entry.memory)
  } else {
    needs('components', entry.components)
    needs('datacenter', entry.datacenter)
  }
}
