/** The UI's API types (web/src/api/schema.d.ts) are what the server's /openapi.json says now: regenerate with `npm run api-types`. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/api-types.js'

test('web/src/api/schema.d.ts is generated from the current OpenAPI document', { timeout: 180_000 }, async () => {
  const committed = readFileSync(API_TYPES_FILE, 'utf8')
  const fresh = await generateApiTypes()
  assert.ok(committed === fresh, 'web/src/api/schema.d.ts is stale: run `npm run api-types` and commit it')
})
