/**
 * `lists update`: download every source's official files, then import them together. Nothing is
 * written until every download succeeded and every file parsed.
 */
import type { SourceId } from '../model.js'
import type { FetchLike } from '../sources/list-source.js'
import type { BindingJurisdiction } from '../../shared/jurisdictions.js'
import { listSource, sourcesForJurisdictions } from '../sources/sources.js'
import type { SourceFile } from '../sources/source-file.js'
import { importListFiles, type ImportResult } from './import-list.js'

export type UpdateListsOptions = {
  home: string
  fetch: FetchLike
  now: string
  /** which sources to download; by default those of `jurisdictions` and the UN list */
  sources?: SourceId[]
  /** whose lists the organisation needs (default US) */
  jurisdictions?: readonly BindingJurisdiction[]
  shouldForce?: boolean
  onProgress?: (message: string) => void
}

export async function updateLists({ home, fetch, now, sources, jurisdictions, shouldForce, onProgress }: UpdateListsOptions): Promise<ImportResult> {
  const wanted = sources ?? sourcesForJurisdictions(jurisdictions ?? ['US'])
  const downloaded: Array<{ source: SourceId; files: SourceFile[] }> = []
  for (const id of wanted) {
    onProgress?.(`downloading ${id}…`)
    downloaded.push({ source: id, files: await listSource(id).download({ fetch }) })
  }
  // the downloads keep their official names, so detection routes each file; one import = one swap of active.json
  const files = downloaded.flatMap((d) => d.files)
  onProgress?.(`importing ${files.length} files…`)
  return importListFiles({ home, files, now, ...(shouldForce ? { shouldForce } : {}) })
}
