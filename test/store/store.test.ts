/**
 * The store contract on SQLite (always) and PostgreSQL (when CHIPNAV_TEST_DATABASE_URL is set, each
 * store in a fresh schema). When CHIPNAV_PG_SUITE_MARKER names a file, the PostgreSQL run writes it at
 * the end, so CI can fail when that suite did not run.
 */
import { writeFileSync } from 'node:fs'
import { after } from 'node:test'
import { runStoreContract } from './store-contract.js'
import { storeDialectsUnderTest } from './dialects-under-test.js'

for (const { name, open, skip } of storeDialectsUnderTest()) runStoreContract(name, open, { skip })

const marker = process.env.CHIPNAV_PG_SUITE_MARKER
const pg = storeDialectsUnderTest().find((d) => d.name === 'postgres')
after(() => {
  if (marker && pg && pg.skip === false && process.exitCode !== 1) writeFileSync(marker, `postgres store suite ran ${new Date().toISOString()}\n`)
})
