/**
 * The candidate index's types: the names given to it, its data as saved (index-file.ts) and the index
 * a query uses (built in build-candidate-index.ts, answered in candidate-index-query.ts).
 */
import type { AliasKind, EntityType } from '../model.js'
import type { NameToken } from '../normalize/normalize-name.js'
import type { PreparedName } from '../score/compare-names.js'
import type { TokenFrequencies } from '../score/token-weights.js'
import type { RecordList } from './record-list.js'

/**
 * One name of one entry, as given to the index: `name` is what is matched, `published` the name
 * as the list writes it (they differ for parts of a compound name), `factor` scales its scores.
 */
export type NameToIndex = { entry: number; name: string; published: string; factor: number; kind: AliasKind; type: EntityType | null }

export type IndexedName = { entry: number; kind: AliasKind; published: string; factor: number; prepared: PreparedName }

export type RetrieveOptions = {
  /** keep only names of entries this accepts (list / type filters) */
  accept?: (entry: number) => boolean
  /** most names returned for full scoring */
  maxCandidates: number
  /** names sharing less than this fraction of the query's token weight are not returned */
  minSharedFraction?: number
  /**
   * names whose score bound (`scoreUpperBound` of their shared weight) is under this are not returned,
   * unless more than maxCandidates names are left before it (then the first maxCandidates of all of them are)
   */
  minBound?: number
}

/** Candidate names, most promising first, with the query weight each shares with the query. */
export type Candidates = {
  ids: Int32Array
  /** Σ weight of the query tokens that found a counterpart in the name (same order as ids; ids are ranked by this weight × match quality) */
  shared: Float64Array
  /** Σ weight of all query tokens */
  queryWeight: number
  /** each name's total token weight (same order as ids) */
  nameWeight: Float64Array
  /** each name's entry (same order as ids) */
  entries: Int32Array
}

export type CandidateIndex = {
  /** name id → the name (decoded on first use from a saved index) */
  name(id: number): IndexedName
  /** name id → its prepared form, without the rest of the name (scoring needs no more) */
  prepared(id: number): PreparedName
  /** name id → the id of its prepared form, shared by the names with the same text and type (0 … preparedCount − 1) */
  preparedId(id: number): number
  readonly preparedCount: number
  /** name id → the factor its scores are multiplied by */
  factor(id: number): number
  readonly frequencies: TokenFrequencies
  /** name ids worth scoring for this query, most promising first; also primes the similarity cache */
  retrieve(query: PreparedName, opts: RetrieveOptions): Candidates
}

export type Multi = number | number[]
/** as read back: a list of one is the number itself */
export type MultiRead = number | ArrayLike<number>

/** A name as saved: its prepared form is shared by every name with the same text and type. */
export type NameRecord = { entry: number; kind: AliasKind; published: string; factor: number; prepared: number }
/** A prepared name as saved: its tokens are the vocabulary tokens of `vocabIds`. */
export type PreparedRecord = Omit<PreparedName, 'tokens'> & { vocabIds: Int32Array }

/**
 * Everything the candidate index is built from, as plain data (typed arrays, maps, record lists), so it
 * can be saved to a file once (index-file.ts) and used from it by every process (`candidateIndexFrom`).
 */
export type CandidateIndexData = {
  /** distinct tokens (text, kind and flags): the vocabulary the similarity cache is keyed on */
  vocab: RecordList<NameToken>
  prepared: RecordList<PreparedRecord>
  names: RecordList<NameRecord>
  /** per name id: its entry and its total token weight (read by every query, so not in the records) */
  nameEntry: Int32Array
  nameWeight: Float64Array
  entryCount: number
  documentFrequency: ReadonlyMap<string, number>
  /** token text → text id; postings of text id v are postingIds[postingStart[v], postingStart[v+1]) (sorted name ids) */
  textIds: ReadonlyMap<string, number>
  postingStart: Int32Array
  postingIds: Int32Array
  /** joined word pairs and acronyms → name ids */
  compound: ReadonlyMap<string, MultiRead>
  acronyms: ReadonlyMap<string, MultiRead>
  /** variant ('v:'), nickname ('n:'), skeleton, one-deletion and prefix keys → text ids */
  variants: ReadonlyMap<string, MultiRead>
  skeletons: ReadonlyMap<string, MultiRead>
  deletions: ReadonlyMap<string, MultiRead>
  prefixes: ReadonlyMap<string, MultiRead>
}
