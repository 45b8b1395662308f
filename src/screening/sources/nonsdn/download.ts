import { downloadFiles } from '../download-files.js'
import type { DownloadTarget, FetchLike } from '../list-source.js'
import type { SourceFile } from '../source-file.js'

/** OFAC non-SDN consolidated legacy CSV, from the Sanctions List Service (302 to S3; fetch follows). */
const BASE = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports'
export const NONSDN_DOWNLOADS: readonly DownloadTarget[] = [
  { name: 'cons_prim.csv', url: `${BASE}/CONS_PRIM.CSV`, isRequired: true },
  { name: 'cons_add.csv', url: `${BASE}/CONS_ADD.CSV`, isRequired: true },
  { name: 'cons_alt.csv', url: `${BASE}/CONS_ALT.CSV`, isRequired: true },
  { name: 'cons_comments.csv', url: `${BASE}/CONS_COMMENTS.CSV`, isRequired: false },
]

export function downloadNonSdn({ fetch }: { fetch: FetchLike }): Promise<SourceFile[]> {
  return downloadFiles({ fetch, targets: [...NONSDN_DOWNLOADS] })
}
