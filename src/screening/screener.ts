import { AppError, type FieldIssue } from '../shared/errors.js'
import { summarizeNameScore } from './explain/summarize-name-score.js'
import { buildCandidateIndexData, candidateIndexFrom, type NameToIndex } from './index/build-candidate-index.js'
import { arrayRecords } from './index/record-list.js'
import { EntryBestScores } from './entry-best-scores.js'
import { namePartsToIndex } from './normalize/name-parts.js'
import { nameScriptNotices } from './name-scripts.js'
import { topOf, withHanLatinForms } from './screener-cross-script.js'
import { ALIAS_ONLY_REMARK, type EntityType, type EntryName, type ListEntry } from './model.js'
import { compareNames, compareNamesAtLeast, explainNames, LAST_SCORE, prepareName, type PreparedName } from './score/compare-names.js'
import { scoreUpperBound } from './score/score-bound.js'
import { DEFAULT_TOKEN_FREQUENCIES } from './score/default-token-frequencies.js'
import type { NameScore, ScoreAdjustment } from './score/types.js'
import { DEFAULT_TOP_HIT_PREFERENCE, preferredTop } from './top-hit-preference.js'
import { COUNTRY_MATCH_BOOST, COUNTRY_MISMATCH_PENALTY, SYLLABLE_NAME_COUNTRY_MISMATCH_PENALTY, countryAdjustments, entryCountries, isSyllableName } from './screener-countries.js'
import { sameListingAcrossSources } from './screener-same-listing.js'
import {
  entryKeyOf,
  type BuildScreenerOptions,
  type ScreenQuery,
  type Screener,
  type ScreenerData,
  type ScreenerFromOptions,
  type ScreeningHit,
  type ScreeningResult,
  type ScreeningTop,
} from './screener-types.js'
import { ENTITY_TYPES, checkThreshold, invalid, validateQuery } from './screener-validation.js'

export type { NameScore, ScoreAdjustment, TokenAlignment } from './score/types.js'
export { COUNTRY_MATCH_BOOST, COUNTRY_MISMATCH_PENALTY, SYLLABLE_NAME_COUNTRY_MISMATCH_PENALTY } from './screener-countries.js'
export { sameListingAcrossSources } from './screener-same-listing.js'
export * from './screener-types.js'

/**
 * The score at and above which a hit is reported as a match. Chosen on the development data as the
 * threshold maximising F1 on nomenklatura cases-dev.csv while keeping the false-positive rate at most
 * 0.5 % on the US and the global negatives and no legitimate company hit; `bench/screening-quality.ts`
 * applies that rule to each run and says whether this value still agrees (bench/README.md, "Part C").
 */
export const DEFAULT_THRESHOLD = 0.8

/** with includeBelow, at most this many hits in all unless `limit` says otherwise (matches are never cut) */
const DEFAULT_LIMIT = 10
/**
 * Names the index returns per query at most. It depends on nothing but the query (never on the
 * limit or includeBelow), so every path scores the same candidates; it is set far above what any
 * query needs (a name shared by a few hundred list names) and only bounds a pathological query.
 */
const MAX_CANDIDATES = 5000
/** with includeBelow, hits under the threshold are returned down to this score */
export const BELOW_FLOOR = 0.5

function insertTop(top: Float64Array, s: number): void {
  let i = top.length - 1
  if (s <= top[i]!) return
  while (i > 0 && top[i - 1]! < s) {
    top[i] = top[i - 1]!
    i--
  }
  top[i] = s
}

/**
 * Build the in-memory screener: normalize and weigh every name once, build the candidate index.
 * IDF weights come from the entries given.
 */
export function buildScreener({ entries, indexOnly, ...rest }: BuildScreenerOptions): Screener {
  return screenerFrom({ ...rest, data: buildScreenerData(entries, indexOnly ? { indexOnly } : {}) })
}

/** The screener's data for these entries (the slow part of building a screener). */
export function buildScreenerData(entries: readonly ListEntry[], { indexOnly }: Pick<BuildScreenerOptions, 'indexOnly'> = {}): ScreenerData {
  const toIndex: NameToIndex[] = []
  entries.forEach((e, entry) => {
    const seen = new Set<string>()
    // every name the entry has first, then the parts of compound names, so a name read from brackets
    // (sources/bracketed-names.ts) counts in full where the same text as a part would count less
    for (const n of e.names) {
      const published = n.name.trim()
      if (published === '' || seen.has(published)) continue
      seen.add(published)
      // an acronym read from a name's brackets is compared as an acronym, exactly ("SMIC" is not "SMSC")
      const name = n.fromBrackets?.reading === 'acronym' ? asDottedAcronym(published) : published
      toIndex.push({ entry, name, published, factor: aliasFactor(n), kind: n.kind, type: e.type })
    }
    for (const n of e.names) {
      const published = n.name.trim()
      // parts of compound names ("X. Affiliated Entity: Y", "X (a.k.a. Y)", "X (Beijing)")
      for (const part of namePartsToIndex(published)) {
        if (seen.has(part.text)) continue
        seen.add(part.text)
        toIndex.push({ entry, name: part.text, published, factor: part.factor * aliasFactor(n), kind: n.kind, type: e.type })
      }
    }
  })
  const isIndexed = indexOnly ? (entry: number) => indexOnly.has(entryKeyOf(entries[entry]!.list, entries[entry]!.sourceId)) : undefined
  return { index: buildCandidateIndexData(toIndex, isIndexed ? { isIndexed } : {}), entries: arrayRecords(entries), canonical: sameListingAcrossSources(entries).canonical }
}

/** A screener over its data, freshly built or loaded from a saved index: the same answers either way. */
export function screenerFrom({ data, snapshots, topHitPreference = DEFAULT_TOP_HIT_PREFERENCE, isExhaustive = false }: ScreenerFromOptions): Screener {
  const index = candidateIndexFrom(data.index)
  const entries = data.entries
  const entry = (i: number): ListEntry => entries.at(i)
  const countriesCache: Array<string[] | undefined> = new Array(entries.length)
  // (the three fields read alone: a whole entry decoded from a saved index also parses its names, programs …)
  const countriesOf = (i: number): string[] =>
    (countriesCache[i] ??= entryCountries({ addresses: entries.field(i, 'addresses'), nationalities: entries.field(i, 'nationalities'), citizenships: entries.field(i, 'citizenships') }))
  const primaryNames: Array<string | null | undefined> = new Array(entries.length)
  const primaryNameOf = (i: number): string | undefined => (primaryNames[i] ??= entries.field(i, 'names')[0]?.name ?? null) ?? undefined
  const snapshotBySource = new Map(snapshots.map((s) => [s.source, s]))
  const canonical = data.canonical
  // per query, reused (a screener answers one query at a time)
  const matchScores = new EntryBestScores(entries.length)
  const belowScores = new EntryBestScores(entries.length)
  // each prepared form's name score in the current query (valid where its stamp is the query's number)
  const preparedStamp = new Int32Array(index.preparedCount)
  const preparedScore = new Float64Array(index.preparedCount)
  /** 1: preparedScore is the name score; 0: a bound of it, under the cut it was asked for */
  const preparedIsScore = new Uint8Array(index.preparedCount)
  let queries = 0
  const copies = new Map<number, number[]>()
  for (let i = 0; i < canonical.length; i++) {
    const o = canonical[i]!
    if (o === i) continue
    const list = copies.get(o)
    if (list) list.push(i)
    else copies.set(o, [i])
  }

  type Scored = { entry: number; score: number; adjustments: ScoreAdjustment[] }
  type Ranked = {
    threshold: number
    query: PreparedName
    /** matches, best first, the preferred top hit first; then (includeBelow) the best hits under the threshold */
    scored: Scored[]
    hitCount: number
    shownFirstBecause: string | undefined
    bestName: Map<number, number>
    scoredCount: number
  }

  /**
   * Score the candidates of a query. Which entries match depends on the query and the threshold
   * only, never on the limit or includeBelow: a candidate is scored whenever the best score it
   * could reach (the shared-weight bound, plus the country boost when a country is given) reaches
   * the threshold. includeBelow also scores candidates that can only reach the floor, for the
   * best hits under the threshold; those never turn into matches.
   */
  function rank(q: ScreenQuery): Ranked {
    validateQuery(q)
    const threshold = q.threshold ?? DEFAULT_THRESHOLD
    const limit = q.limit ?? DEFAULT_LIMIT
    const query = prepareName(q.name, { type: q.type ?? null, frequencies: index.frequencies })
    if (query.tokens.length === 0) throw invalid('name', 'must contain letters or digits')
    const lists = q.lists && q.lists.length > 0 ? new Set<string>(q.lists) : undefined
    const type = q.type
    const only = q.onlyEntries
    const accept =
      lists || type || only
        ? (entry: number): boolean => {
            const list = entries.field(entry, 'list')
            if (only && !only.has(entryKeyOf(list, entries.field(entry, 'sourceId')))) return false
            if (lists && !lists.has(list)) return false
            // entries without a type (most BIS rows) are never filtered out by type
            const entryType = entries.field(entry, 'type')
            if (type && entryType !== null && entryType !== type) return false
            return true
          }
        : undefined
    const country = q.country?.toUpperCase()
    const boost = country !== undefined ? COUNTRY_MATCH_BOOST : 0
    const matchNeeded = threshold - boost
    const floor = Math.min(threshold, BELOW_FLOOR)
    const belowWanted = q.includeBelow ? limit : 0
    // a candidate whose bound reaches neither the threshold nor (with includeBelow) the floor is never
    // scored below, whatever came before it: the index leaves it out before ordering the candidates
    const minBound = isExhaustive ? -Infinity : belowWanted > 0 ? Math.min(matchNeeded, floor - boost) : matchNeeded
    const candidates = index.retrieve(query, { accept, maxCandidates: MAX_CANDIDATES, minBound })
    // the best scores under the threshold so far, descending (per name, an upper estimate per entry)
    const belowTop = new Float64Array(Math.max(1, belowWanted))

    const matchBest = matchScores
    const belowBest = belowScores
    matchBest.begin()
    belowBest.begin()
    const queryNo = ++queries
    let scoredCount = 0
    // a name score from which the entry matches whatever the country adjustment
    const mismatch = isSyllableName(query) ? SYLLABLE_NAME_COUNTRY_MISMATCH_PENALTY : COUNTRY_MISMATCH_PENALTY
    const sure = threshold - (country !== undefined ? mismatch : 0)
    let sureMatches = 0
    for (let k = 0; k < candidates.ids.length; k++) {
      const bound = isExhaustive ? 1 : scoreUpperBound(candidates.shared[k]!, candidates.queryWeight, candidates.nameWeight[k]!)
      const canMatch = bound >= matchNeeded
      // hits under the threshold are only wanted while fewer entries than the limit surely match
      if (!canMatch && (sureMatches >= belowWanted || bound < Math.max(floor, belowTop[belowWanted - 1]!) - boost)) continue
      const id = candidates.ids[k]!
      // Below `cut` a score changes no answer: it makes no match (under matchNeeded), no hit under the threshold
      // (under the floor less the country boost) and no bar for the candidates after it (the best scores under
      // the threshold only count from the floor up). Such a score is all the same, so for a name whose provable
      // bound is under the cut that bound stands in for its score (never above the cut): the same answers,
      // unscored. (Once enough entries surely match, scores under the threshold are never read again.)
      // Without a country, a score under the limit-th best entry's score under the threshold so far is no hit
      // either (at least limit entries score more, and each is a hit under the threshold or a match, which
      // takes a place as well); its entry's score, the score or the bound, stays under theirs and out of belowTop.
      const belowCut = belowWanted > 0 && sureMatches < belowWanted ? (country === undefined ? Math.max(floor, belowTop[belowWanted - 1]!) : floor - boost) : Infinity
      const cut = isExhaustive ? 0 : Math.min(canMatch ? matchNeeded : Infinity, belowCut)
      const factor = index.factor(id)
      // names with the same text and type share one prepared form (the CSL republishes most SDN names): score it once per query
      const p = index.preparedId(id)
      let s: number
      if (preparedStamp[p] === queryNo && (preparedIsScore[p] === 1 || preparedScore[p]! * factor < cut)) s = preparedScore[p]! * factor
      else {
        const prepared = index.prepared(id)
        let nameScore = factor > 0 ? compareNamesAtLeast(query, prepared, cut / factor) : compareNames(query, prepared)
        let isScore = !LAST_SCORE.isBound
        s = nameScore * factor
        if (!isScore && !(s < cut)) {
          // (a bound just under cut / factor, rounded up to the cut by the product)
          nameScore = compareNames(query, prepared)
          s = nameScore * factor
          isScore = true
        }
        preparedStamp[p] = queryNo
        preparedScore[p] = nameScore
        preparedIsScore[p] = isScore ? 1 : 0
      }
      scoredCount++
      // a listing published in two files (an SDN row in the CSL and in OFAC's own file) is one hit
      const entry = canonical[candidates.entries[k]!]!
      if (canMatch) {
        const had = matchBest.has(entry)
        const prev = had ? matchBest.score[entry]! : 0
        if (!had || s > prev) {
          matchBest.set(entry, s, id)
          if (s >= sure && (!had || prev < sure)) sureMatches++
        }
      }
      // (a name score that cannot fall under the threshold with the country adjustment is no hit under it)
      if (belowWanted > 0 && s < threshold - (country !== undefined ? mismatch : 0)) {
        const had = belowBest.has(entry)
        if (!had || s > belowBest.score[entry]!) {
          belowBest.set(entry, s, id)
          if (!had) insertTop(belowTop, s)
        }
      }
    }
    const withCountry = (entry: number, nameScore: number): Scored => {
      // (without a country, no adjustment: the entry's countries are not read)
      const adjustments = country === undefined ? [] : countryAdjustments(country, countriesOf(entry), mismatch)
      let score = nameScore
      for (const a of adjustments) score += a.delta
      return { entry, score: clamp01(score), adjustments }
    }
    const byScore = (a: Scored, b: Scored): number => b.score - a.score || a.entry - b.entry
    const matches: Scored[] = []
    for (let k = 0; k < matchBest.count; k++) {
      const entry = matchBest.entries[k]!
      const s = withCountry(entry, matchBest.score[entry]!)
      if (s.score >= threshold) matches.push(s)
    }
    matches.sort(byScore)
    const hitCount = matches.length
    const preferred = preferredTop(
      matches.map((m) => ({ list: entries.field(m.entry, 'list'), score: m.score })),
      topHitPreference,
    )
    if (preferred.index > 0) matches.unshift(...matches.splice(preferred.index, 1))
    const scored = [...matches]
    // the name each returned entry matched by (every match is returned)
    const bestName = new Map<number, number>()
    for (const m of matches) bestName.set(m.entry, matchBest.name[m.entry]!)
    if (belowWanted > scored.length) {
      const isMatch = new Set(matches.map((m) => m.entry))
      const below: Scored[] = []
      for (let k = 0; k < belowBest.count; k++) {
        const entry = belowBest.entries[k]!
        if (isMatch.has(entry)) continue
        const s = withCountry(entry, belowBest.score[entry]!)
        if (s.score >= floor && s.score < threshold) below.push(s)
      }
      below.sort(byScore)
      for (const b of below.slice(0, belowWanted - scored.length)) {
        bestName.set(b.entry, belowBest.name[b.entry]!)
        scored.push(b)
      }
    }
    return { threshold, query, scored, hitCount, shownFirstBecause: preferred.reason, bestName, scoredCount }
  }

  function screenTop(q: Omit<ScreenQuery, 'limit' | 'includeBelow'>): ScreeningTop {
    const { threshold, scored, bestName, hitCount, shownFirstBecause } = rank({ ...q, limit: 1, includeBelow: true })
    const best = scored[0]
    if (best === undefined) return { threshold, hitCount }
    // the three fields read alone (a whole entry decoded from a saved index parses its addresses, programs …)
    const matchedName = index.name(bestName.get(best.entry)!).published
    const primaryName = primaryNameOf(best.entry) ?? matchedName
    const isMatch = best.score >= threshold
    return {
      threshold,
      hitCount,
      top: {
        score: round(best.score),
        isMatch,
        list: entries.field(best.entry, 'list'),
        entryId: entries.field(best.entry, 'sourceId'),
        primaryName,
        matchedName,
        ...(isMatch && shownFirstBecause ? { shownFirstBecause } : {}),
      },
    }
  }

  function screen(q: ScreenQuery): ScreeningResult {
    const { threshold, query, scored, bestName, scoredCount, hitCount, shownFirstBecause } = rank(q)
    const hits = scored.map(({ entry: entryNo, score, adjustments }, i): ScreeningHit => {
      const e = entry(entryNo)
      const n = index.name(bestName.get(entryNo)!)
      const ns = explainNames(query, n.prepared)
      // the factor the index gave this name (the first name of its entry with this text decides)
      const matchedName = entry(n.entry).names.find((x) => x.name.trim() === n.published)
      const weakFactor = matchedName ? aliasFactor(matchedName) : 1
      const partFactor = n.factor / weakFactor
      const fromBrackets = matchedName?.fromBrackets
      const partAdjustment: ScoreAdjustment[] = [
        ...(fromBrackets ? [{ reason: bracketedNameReason(n.published, fromBrackets), delta: 0 }] : []),
        ...(e.remarks === ALIAS_ONLY_REMARK ? [{ reason: ALIAS_ONLY_REMARK, delta: 0 }] : []),
        ...(partFactor < 1 ? [{ reason: `matched the name without its qualifier in parentheses ("${n.prepared.raw}")`, delta: round(ns.score * partFactor - ns.score) }] : []),
        ...(weakFactor < 1 ? [{ reason: `matched an alias the list marks as weak or low quality ("${n.published}")`, delta: round(ns.score * n.factor - ns.score * partFactor) }] : []),
      ]
      const explanation = { ...ns, score: round(score), adjustments: [...ns.adjustments, ...partAdjustment, ...adjustments] }
      const summary = summarizeNameScore({ score: explanation, finalScore: score, threshold, matchedName: n.published })
      return {
        score: round(score),
        isMatch: score >= threshold,
        list: e.list,
        source: e.source,
        entryId: e.sourceId,
        primaryName: e.names[0]?.name ?? n.published,
        matchedName: n.published,
        matchedNameKind: n.kind,
        type: e.type,
        programs: e.programs,
        ...(e.listedOn !== undefined ? { listedOn: e.listedOn } : {}),
        ...(e.federalRegisterNotice !== undefined ? { federalRegisterNotice: e.federalRegisterNotice } : {}),
        ...(e.licenseRequirement !== undefined ? { licenseRequirement: e.licenseRequirement } : {}),
        ...(e.licensePolicy !== undefined ? { licensePolicy: e.licensePolicy } : {}),
        ...(e.noticeUrl !== undefined ? { noticeUrl: e.noticeUrl } : {}),
        ...(e.unReference !== undefined ? { unReference: e.unReference } : {}),
        addresses: e.addresses.map((a) => a.text),
        countries: countriesOf(entryNo),
        explanation: { ...explanation, summary },
        snapshot: snapshotBySource.get(e.source),
        ...(copies.has(entryNo)
          ? { alsoPublishedIn: copies.get(entryNo)!.map((c) => ({ source: entries.field(c, 'source'), list: entries.field(c, 'list'), entryId: entries.field(c, 'sourceId'), snapshot: snapshotBySource.get(entries.field(c, 'source')) })) }
          : {}),
        ...(n.entry !== entryNo ? { matchedNameSource: entries.field(n.entry, 'source') } : {}),
        ...(i === 0 && shownFirstBecause && score >= threshold ? { shownFirstBecause } : {}),
      }
    })
    return { query: q, threshold, hits, hitCount, candidatesConsidered: scoredCount, snapshots }
  }

  // a name in a script the lists barely hold: the answer says so (F19)
  const noticesOf = nameScriptNotices(entries)
  const withNotices = <R extends object>(r: R, name: string): R & { notices?: ReturnType<typeof noticesOf> } => {
    const notices = noticesOf(name)
    return notices.length > 0 ? { ...r, notices } : r
  }
  // a name in Chinese characters is also screened through its Latin forms (pinyin and translated words)
  const cross = withHanLatinForms(screen)
  return {
    screen: (q) => withNotices(cross.screen(q), q.name),
    screenTop: (q) => withNotices(cross.formsOf(q.name).length > 0 ? topOf(cross.screen({ ...q, includeBelow: true, limit: 1 })) : screenTop(q), q.name),
    snapshots,
    entryCount: entries.length,
  }
}

export type ScoreNamesOptions = { a: string; b: string; type?: EntityType; threshold?: number }

/**
 * Score two names against each other with the screening rules (IDF from the built-in table of
 * token frequencies in the US lists).
 */
export function scoreNames({ a, b, type, threshold }: ScoreNamesOptions): {
  score: number
  match: boolean
  threshold: number
  explanation: NameScore & { summary: string }
} {
  const issues: FieldIssue[] = []
  if (typeof a !== 'string' || a.trim() === '') issues.push({ path: 'a', message: 'must be a non-empty name' })
  if (typeof b !== 'string' || b.trim() === '') issues.push({ path: 'b', message: 'must be a non-empty name' })
  checkThreshold(threshold, issues)
  if (type !== undefined && !ENTITY_TYPES.has(type)) issues.push({ path: 'type', message: 'must be individual, entity, vessel or aircraft' })
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues })
  const t = threshold ?? DEFAULT_THRESHOLD
  const pa = prepareName(a, { type: type ?? null, frequencies: DEFAULT_TOKEN_FREQUENCIES })
  const pb = prepareName(b, { type: type ?? null, frequencies: DEFAULT_TOKEN_FREQUENCIES })
  if (pa.tokens.length === 0) throw invalid('a', 'must contain letters or digits')
  if (pb.tokens.length === 0) throw invalid('b', 'must contain letters or digits')
  const ns = explainNames(pa, pb)
  const score = round(ns.score)
  return { score, match: score >= t, threshold: t, explanation: { ...ns, score, summary: summarizeNameScore({ score: ns, finalScore: score, threshold: t }) } }
}

/** A match on an alias its list marks weak or low quality counts this much of a match on a strong name. */
export const WEAK_ALIAS_FACTOR = 0.9

/** an alias the list itself marks weak or low quality (UN "Low", OFAC weak AKA) is weaker evidence */
function aliasFactor(n: EntryName): number {
  return n.strength === 'weak' ? WEAK_ALIAS_FACTOR : 1
}

/** "SMIC" → "S.M.I.C.": the normalizer reads a dotted acronym as one, compared exactly, never fuzzily */
function asDottedAcronym(s: string): string {
  return /^[A-Za-z.]+$/.test(s) ? s.replace(/\./g, '').split('').join('.') + '.' : s
}

/** The explanation's line for a name chipnav read from brackets in a name the list publishes (model.ts `fromBrackets`). */
function bracketedNameReason(matched: string, from: NonNullable<EntryName['fromBrackets']>): string {
  const what = {
    acronym: 'the acronym',
    expansion: 'the words an acronym stands for',
    marked: 'a name marked a.k.a., f.k.a. or formerly',
    'without-brackets': 'the name without its bracketed alternate name',
  }[from.reading]
  return `"${matched}" is an alias read from the brackets of the listed name "${from.name}" (${what})`
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}