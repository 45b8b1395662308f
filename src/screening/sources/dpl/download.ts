import { downloadFiles } from '../download-files.js'
import type { DownloadTarget, FetchLike } from '../list-source.js'
import type { SourceFile } from '../source-file.js'

/** BIS Denied Persons List, the URL ITA's csl-importers use. */
export const DPL_DOWNLOADS: readonly DownloadTarget[] = [{ name: 'dpl.txt', url: 'https://www.bis.doc.gov/dpl/dpl.txt', isRequired: true }]

export function downloadDpl({ fetch }: { fetch: FetchLike }): Promise<SourceFile[]> {
  return downloadFiles({ fetch, targets: [...DPL_DOWNLOADS] })
}
