import { downloadFiles } from '../download-files.js'
import type { DownloadTarget, FetchLike } from '../list-source.js'
import type { SourceFile } from '../source-file.js'

/** trade.gov's downloadable CSL (no key needed); the `.json` and `.tsv` forms sit at the same path. */
export const CSL_DOWNLOADS: readonly DownloadTarget[] = [
  { name: 'consolidated.csv', url: 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv', isRequired: true },
]

export function downloadCsl({ fetch }: { fetch: FetchLike }): Promise<SourceFile[]> {
  return downloadFiles({ fetch, targets: [...CSL_DOWNLOADS] })
}
