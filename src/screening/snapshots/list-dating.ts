/**
 * The date a new snapshot is recorded with, and where it comes from (freshness.ts judges its age by it). An
 * officer asks "which version of the list did we screen against, and how old was it?": the answer must never be
 * the day someone copied a file in. In order:
 *
 * 1. a publication date the files state (the UN, UK, EU and OFSI files do): `published`;
 * 2. the date the importer states (`lists import --published`, `published` in POST /v1/lists/import), read from the
 *    publisher's site: `declared`. It must agree with 1 and not precede the latest listing date in the files;
 * 3. for files chipnav downloaded, the publisher's HTTP Last-Modified date (the oldest of the source's files: a
 *    snapshot is as old as its oldest part), or the latest listing date in the files when that is later:
 *    `last-modified`;
 * 4. the latest listing or update date in the files (the CSL's `start_date`, the DPL's `Last_Update`): `latest-entry`;
 * 5. for files downloaded from the official source that gave no date at all, the day of the download (the source
 *    served them as its current list then): `downloaded`;
 * 6. else none: files imported from disk that state no date (OFAC's legacy CSV) have an unknown publication date,
 *    and freshness.ts says so instead of counting their age from the import.
 */
import { AppError } from '../../shared/errors.js'
import { isIsoDate } from '../../shared/iso-date.js'
import type { SnapshotDateBasis } from '../model.js'
import type { ParsedList } from '../sources/list-source.js'
import type { SourceFile } from '../sources/source-file.js'

export type SnapshotDating = { listDate?: string; listDateBasis?: SnapshotDateBasis }

export type DateSnapshotOptions = {
  list: Pick<ParsedList, 'source' | 'listDate' | 'listDateBasis'>
  files: readonly SourceFile[]
  /** the import's date (YYYY-MM-DD, UTC) */
  today: string
  /** the publication date the importer states (YYYY-MM-DD) */
  published?: string
}

/** The list date and its basis for a snapshot of `files`; VALIDATION_FAILED (field `published`) when the stated date cannot be right. */
export function dateSnapshot({ list, files, today, published }: DateSnapshotOptions): SnapshotDating {
  if (published !== undefined) return declaredDate(list, published, today)
  if (list.listDate !== undefined && list.listDateBasis === 'published') return { listDate: list.listDate, listDateBasis: 'published' }
  const lastModified = oldestLastModified(files, today)
  const latestEntry = list.listDate
  if (lastModified !== undefined) {
    return latestEntry !== undefined && latestEntry > lastModified ? { listDate: latestEntry, listDateBasis: 'latest-entry' } : { listDate: lastModified, listDateBasis: 'last-modified' }
  }
  if (latestEntry !== undefined) return { listDate: latestEntry, listDateBasis: 'latest-entry' }
  if (files.length > 0 && files.every((f) => f.download !== undefined)) return { listDate: today, listDateBasis: 'downloaded' }
  return {}
}

/** Checks a publication date the importer gives against today and against what the files say. */
export function declaredDate(list: DateSnapshotOptions['list'], published: string, today: string): SnapshotDating {
  const bad = (message: string) => new AppError('VALIDATION_FAILED', { detail: `published ${published}: ${message}`, issues: [{ path: 'published', message }] })
  if (!isIsoDate(published)) throw bad('expected the publication date written YYYY-MM-DD')
  if (published > today) throw bad(`a publication date after today (${today}) cannot be right`)
  if (list.listDate !== undefined && list.listDateBasis === 'published' && list.listDate !== published) {
    throw bad(`the ${list.source} files state their own publication date, ${list.listDate}; leave the date out or give that one`)
  }
  if (list.listDate !== undefined && list.listDateBasis !== 'published' && published < list.listDate) {
    throw bad(`the ${list.source} files list or update an entry on ${list.listDate}, after the date given: they cannot have been published before it`)
  }
  return { listDate: published, listDateBasis: list.listDateBasis === 'published' ? 'published' : 'declared' }
}

/** The oldest Last-Modified date (YYYY-MM-DD) of the downloaded files, ignoring one after today (a server clock ahead). */
function oldestLastModified(files: readonly SourceFile[], today: string): string | undefined {
  let oldest: string | undefined
  for (const f of files) {
    const day = f.download?.lastModified?.slice(0, 10)
    if (day === undefined || day > today) continue
    if (oldest === undefined || day < oldest) oldest = day
  }
  return oldest
}
