/** Session 10 review item 4: an error's title names every kind of problem its details can carry. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ERROR_CATALOGUE } from '../../src/shared/errors.js'

test('LICENSE_DOES_NOT_COVER names every gap the licence check reports: dates, destination, ECCN, item, parties, quantity', () => {
  const title = ERROR_CATALOGUE.LICENSE_DOES_NOT_COVER.title
  for (const gap of ['date', 'destination', 'ECCN', 'item', 'parties', 'quantity']) assert.ok(title.includes(gap), `${gap} in "${title}"`)
})
