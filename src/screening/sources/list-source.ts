/**
 * What each list folder provides (Watchman's habit: one folder per list, the same steps in each).
 * Adding a list adds a folder and one line in `sources.ts`; no snapshot or search code changes.
 */
import type { ListEntry, SourceId } from '../model.js'
import type { SourceFile } from './source-file.js'

/** The result of parsing and mapping all files of one source. */
export type ParsedList = {
  source: SourceId
  entries: ListEntry[]
  /** the list's own date when the files say it (ISO date), else undefined */
  listDate?: string
  /** where listDate comes from: a publication date the files state, or the latest listing/update date in them */
  listDateBasis?: 'published' | 'latest-entry'
  /** notes worth keeping with the snapshot (rows skipped as malformed, names read twice) */
  warnings: string[]
  /**
   * what an officer must know about what this snapshot screens, shown as a WARNING on import, in `lists status` and
   * by the health checks: e.g. listings the alias file has and the primary file lacks (files of different dates)
   */
  cautions?: string[]
}

/** `today` (ISO) bounds the list date: a typo such as 3033-09-30 in a date column is not the list date. */
export type ParseOptions = { today?: string }

/** An official file to fetch: the name it is saved under and its URL. */
export type DownloadTarget = { name: string; url: string; isRequired: boolean }

/** The fetch a download uses; injectable so tests and offline runs never touch the network. */
export type FetchLike = (url: string, init?: { signal?: AbortSignal; redirect?: 'follow' }) => Promise<{
  ok: boolean
  status: number
  statusText?: string
  headers: { get(name: string): string | null }
  arrayBuffer(): Promise<ArrayBuffer>
}>

export type ListSource = {
  id: SourceId
  /** a one-line description for `lists status` and errors */
  title: string
  /**
   * True when the file belongs to this source, judged by its name (`sdn.csv`, `dpl.txt`…) or,
   * when the name says nothing, by its first line.
   */
  recognizes(file: SourceFile, firstLine: string): boolean
  /** parse every file strictly, then map rows to entries; throws LIST_PARSE_FAILED on the first bad row */
  parseFiles(files: SourceFile[], opts?: ParseOptions): ParsedList
  /**
   * For formats whose reader is asynchronous (XLSX): when present, imports call this instead of
   * `parseFiles`, which then reads only the synchronous formats of the source.
   */
  parseFilesAsync?(files: SourceFile[], opts?: ParseOptions): Promise<ParsedList>
  /** download the official files with the given fetch */
  download(opts: { fetch: FetchLike }): Promise<SourceFile[]>
}
