import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const SHARED_LISTS = fileURLToPath(new URL('../../../shared/data/lists/', import.meta.url))
const REAL_LISTS = [
  'trade_gov_csl_2022-04/consolidated.csv.gz', 'ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv',
  'ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv',
  'ofac_non_sdn_2025-12/cons_comments.csv', 'bis_dpl_2023-11/dpl.txt',
]
const FIXTURE_LISTS = ['consolidated.csv', 'sdn.csv', 'add.csv', 'alt.csv', 'dpl.txt'].map((f) => join(REPO, 'test/fixtures/lists', f))

export const hasRealLists = (): boolean => existsSync(SHARED_LISTS)
/** The real list files in ../shared/data/lists, or the small test fixtures when that folder is absent. */
export const REAL_LIST_PATHS = (): string[] => (hasRealLists() ? REAL_LISTS.map((p) => join(SHARED_LISTS, p)) : FIXTURE_LISTS)
