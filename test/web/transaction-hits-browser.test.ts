/**
 * The pending screening hits of a transaction on its web page, in a real browser (playwright-core driving Debian's
 * Chromium, as test/web/browser.test.ts does): a transaction recorded with an end user on the Entity List and an
 * owner below the Affiliates Rule's share lists both hits — one licence-relevant, one a red flag, the owner's said to
 * be matched via the owner — each with "Confirm match" / "Clear (false positive)" that need a reason (the first is
 * cleared, the owner's confirmed); once both are reviewed, "Re-check" records the new determination and opens it, and
 * the old one is left as it was, but says it is superseded (with a link to the new one) and offers no decision. The
 * parties table says "owner matched: …" for the party whose owner matched, and the unreviewed hits hold the
 * transaction (the hold alert leads the page) until the re-check. Skips without Chromium.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { buildWeb, WEB_DIST } from '../../scripts/build-web.js'
import { determine } from '../../src/determination/determine.js'
import { TransactionSchema } from '../../src/determination/transaction-schema.js'
import { recordTransactionWithHits } from '../../src/records/transaction-hits.js'
import { buildScreener } from '../../src/screening/screener.js'
import { buildApp } from '../../src/server/app.js'
import { hashPassword } from '../../src/server/passwords.js'
import { openStore } from '../../src/store/open-store.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { axe, CHROMIUM, L, openBrowserPage } from '../helpers/browser-page.js'
import { testRules } from '../server/server-fixture.js'

const PASSWORD = 'correct horse battery staple'
const HUAWEI = 'Huawei Technologies Co., Ltd.'

test("a transaction's pending hits are reviewed on its page, then re-checked", { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHIPNAV_CHROMIUM)`, timeout: 240_000 }, async () => {
  await buildWeb()
  const home = mkdtempSync(join(tmpdir(), 'chipnav-browser-hits-'))
  // one officer records, reviews and re-checks: the four-eyes rule is the store suite's
  const store = await openStore({ home, fourEyes: false })
  await store.createUser({ username: 'officer', role: 'approver', passwordHash: await hashPassword(PASSWORD), actor: 'cli:test' })
  const screener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })
  const rules = testRules()
  const tx = TransactionSchema.parse({
    date: '2025-10-15',
    item: { chip: 'nvidia-h100-sxm' },
    quantity: 1,
    to: 'SG',
    parties: [
      { role: 'end-user', name: HUAWEI, country: 'SG' },
      { role: 'ultimate-consignee', name: 'Kestrel Compute Pte. Ltd.', country: 'SG', owners: [{ name: HUAWEI, share: 0.2 }] },
    ],
  })
  const recorded = await recordTransactionWithHits(store, { transaction: tx, result: determine(tx, { rules, screener }), actor: 'user:officer' })
  const app = await buildApp({ store, rules, screener, clock: () => new Date(), uiDir: WEB_DIST, home })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const { context, page, consoleErrors } = await openBrowserPage(join(home, 'chromium-profile'))
  try {
    await page.goto(`${base}/`)
    await page.getByLabel(L('Username')).fill('officer')
    await page.getByLabel(L('Password')).fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor()

    await page.goto(`${base}/#/transactions/${recorded.id}`)
    await page.getByRole('heading', { name: 'Screening hits to review before a decision' }).waitFor()
    const own = page.getByRole('group', { name: `Hit: ${HUAWEI} (end-user) ~ ${HUAWEI}` })
    const owner = page.getByRole('group', { name: `Hit: ${HUAWEI} (owner of Kestrel Compute Pte. Ltd., ultimate-consignee) ~ ${HUAWEI}` })
    await own.getByText('licence-relevant', { exact: true }).waitFor()
    await owner.getByText('red flag', { exact: true }).waitFor()
    await page.getByText(/1 licence-relevant .*; 1 red flag/).waitFor()
    // the parties table says the consignee's owner matched (not "no hits"), and the unreviewed hits hold the transaction
    await page.getByRole('cell', { name: /no hits on its own name\s*owner matched: Huawei Technologies Co\., Ltd\. \(20 %\): EL Huawei Technologies/ }).waitFor()
    await page.getByText(/^screening review pending: 2 unreviewed hits/).waitFor()
    await page.getByText(/^On hold: nothing ships under this transaction/).waitFor()
    await axe(page, 'transaction-pending-hits')

    // a review needs its reason
    assert.equal(await own.getByRole('button', { name: 'Clear (false positive)' }).isDisabled(), true)
    await own.getByLabel(L('Reason for the review')).fill('A Singapore reseller with its own registration, not the listed company')
    await own.getByRole('button', { name: 'Clear (false positive)' }).click()
    await own.getByText('Reviewed since this answer: re-check the transaction.').waitFor()
    // the same list entry matched via the owner is the other party's own question: still open
    assert.equal(await page.getByText('Every hit is reviewed').count(), 0)
    await owner.getByLabel(L('Reason for the review')).fill('Huawei holds 20 % of the consignee, per its registry filing')
    await owner.getByRole('button', { name: 'Confirm match' }).click()
    await page.getByText('Every hit is reviewed').waitFor()
    assert.equal(await page.getByRole('button', { name: 'Confirm match' }).count(), 0)
    await page.getByRole('button', { name: 'Re-check' }).click()
    await page.waitForURL((u) => u.hash.startsWith('#/transactions/') && !u.hash.endsWith(recorded.id))
    const newId = decodeURIComponent(new URL(page.url()).hash.replace('#/transactions/', ''))
    await page.getByRole('heading', { name: `Transaction ${newId}` }).waitFor()
    await page.getByText(/cleared for stored party/).first().waitFor()
    assert.equal(await page.getByRole('heading', { name: 'Screening hits to review before a decision' }).count(), 0, 'nothing left to review on the re-checked transaction')
    await axe(page, 'transaction-rechecked')
    assert.equal(await page.getByText(/^On hold/).count(), 0, 'reviewed: the re-checked transaction is not held')

    // the old one says it is superseded, links to its replacement, and offers no decision
    await page.goto(`${base}/#/transactions/${recorded.id}`)
    await page.getByText('This transaction was superseded by').waitFor()
    await page.getByText(`Superseded by ${newId}: decide on that transaction instead.`).waitFor()
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0)
    assert.equal(await page.getByText(/^On hold/).count(), 0, "the old transaction's hold was released by the supersession")
    await axe(page, 'transaction-superseded')
    await page.getByRole('link', { name: newId }).click()
    await page.getByRole('heading', { name: `Transaction ${newId}` }).waitFor()

    const n = await store.getTransaction(newId)
    assert.equal(n.result.recheckOf?.transactionId, recorded.id)
    assert.equal((await store.getTransaction(recorded.id)).verdict, recorded.verdict, 'the old transaction is as it was')
    assert.deepEqual(consoleErrors, [], 'the browser console has errors')
  } finally {
    await context.close()
    await app.close()
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})
