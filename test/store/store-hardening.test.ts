/** The store's hardening (issue 11) on SQLite (always) and PostgreSQL (when CHIPNAV_TEST_DATABASE_URL is set). */
import { runStoreHardeningContract } from './store-hardening-contract.js'
import { storeDialectsUnderTest } from './dialects-under-test.js'

for (const { name, open, skip } of storeDialectsUnderTest()) runStoreHardeningContract(name, open, { skip })
