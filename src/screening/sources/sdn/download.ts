import { downloadFiles } from '../download-files.js'
import type { DownloadTarget, FetchLike } from '../list-source.js'
import type { SourceFile } from '../source-file.js'

/** OFAC legacy CSV files (treasury.gov); `sdn_comments.csv` only exists when some remarks overflow. */
export const SDN_DOWNLOADS: readonly DownloadTarget[] = [
  { name: 'sdn.csv', url: 'https://www.treasury.gov/ofac/downloads/sdn.csv', isRequired: true },
  { name: 'add.csv', url: 'https://www.treasury.gov/ofac/downloads/add.csv', isRequired: true },
  { name: 'alt.csv', url: 'https://www.treasury.gov/ofac/downloads/alt.csv', isRequired: true },
  { name: 'sdn_comments.csv', url: 'https://www.treasury.gov/ofac/downloads/sdn_comments.csv', isRequired: false },
]

export function downloadSdn({ fetch }: { fetch: FetchLike }): Promise<SourceFile[]> {
  return downloadFiles({ fetch, targets: [...SDN_DOWNLOADS] })
}
