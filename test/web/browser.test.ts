/**
 * The web UI in a real browser (issue 12): playwright-core drives Debian's Chromium (never a downloaded
 * one) against the real server (buildApp + the built UI, SQLite in a temp dir, the fixture lists) and walks
 * the README flow as an officer: sign in, screen a party and clear the hit, check a transaction, record a
 * licence, approve the transaction under it, ship against it, upload a document (drag and drop), verify
 * the audit chain. Every page is checked with axe-core (no serious or critical violations) and the browser
 * console must stay free of errors. Screenshots go to .screenshots/ (ignored); with
 * CHIPNAV_UPDATE_DOCS_SCREENSHOTS=1 the verdict card and the chip chart also go to docs/.
 * Without Chromium (CHIPNAV_CHROMIUM or /usr/bin/chromium) the test skips with a message; CI sets
 * CHIPNAV_BROWSER_MARKER and fails when it was not written.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { buildWeb, WEB_DIST } from '../../scripts/build-web.js'
import { determine } from '../../src/determination/determine.js'
import { buildApp } from '../../src/server/app.js'
import { hashPassword } from '../../src/server/passwords.js'
import { openStore } from '../../src/store/open-store.js'
import { holdByRescreen } from '../helpers/hold-by-rescreen.js'
import { REPO_ROOT } from '../helpers/paths.js'
import { axe, CHROMIUM, L, openBrowserPage, SHOTS } from '../helpers/browser-page.js'
import { screeningToRecord } from '../../src/records/screening-hits.js'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { testRules } from '../server/server-fixture.js'

const PASSWORD = 'correct horse battery staple'

test('the README flow through the web UI in Chromium, with axe on every page', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHIPNAV_CHROMIUM)`, timeout: 300_000 }, async () => {
  await buildWeb()
  const home = mkdtempSync(join(tmpdir(), 'chipnav-browser-'))
  // one officer walks the whole flow, so the four-eyes rule (tested in the store suite) is off for this store
  const store = await openStore({ home, fourEyes: false })
  await store.createUser({ username: 'officer', role: 'approver', passwordHash: await hashPassword(PASSWORD), actor: 'cli:test' })
  await store.createUser({ username: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORD), actor: 'cli:test' })
  // the fixture lists dated 2022-04-21: every screening answer warns that the CSL is out of date, and the pages must say so
  const staleScreener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [{ ...FIXTURE_SNAPSHOT, listDate: '2022-04-21', listDateBasis: 'latest-entry' }] })
  const app = await buildApp({ store, rules: testRules(), screener: staleScreener, clock: () => new Date(), uiDir: WEB_DIST, home })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const { context, page, consoleErrors } = await openBrowserPage(join(home, 'chromium-profile'))
  try {

    // sign in (a wrong password first: the problem's title shows)
    await page.goto(`${base}/`)
    await axe(page, 'sign-in')
    await page.getByLabel(L('Username')).fill('officer')
    await page.getByLabel(L('Password')).fill('wrong password!')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('The username or password is wrong').first().waitFor()
    // the officer is sent to their administrator, not to a command line; the code is small and last
    await page.getByText(/Ask your administrator\./).waitFor()
    assert.equal(await page.getByText('chipnav users create').count(), 0)
    await page.getByRole('alert').getByText('reference for support: SIGN_IN_FAILED').waitFor()
    await page.getByLabel(L('Password')).fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
    await page.getByText('No open hits').waitFor()
    await axe(page, 'dashboard')

    // screen a party and clear the hit
    await nav(page, 'Screening')
    await page.getByLabel(L('Name')).fill('Huawei Technologies')
    await pick(page, 'Country', 'CN', 'CN — China')
    await page.getByRole('button', { name: 'Screen', exact: true }).click()
    const hit = page.getByTestId('hit').first()
    await hit.waitFor()
    // the answer says, above the hits, that a list is out of date (the API's listWarnings)
    await page.getByRole('alert').filter({ hasText: 'A list is out of date' }).getByText(/CSL snapshot is dated 2022-04-21/).waitFor()
    await axe(page, 'screening')
    await hit.getByLabel(L('Reason')).fill('Our customer is a Shenzhen reseller, not Huawei: different registration number')
    await hit.getByRole('button', { name: 'Clear' }).click()
    await hit.getByText('cleared by officer (approver) (user:officer)').waitFor() // who, and the raw actor beside

    // the review queue shows 50 hits a page and says when more wait behind them (none is left unseen)
    while ((await store.listHits({ status: 'open', limit: 51 })).items.length <= 50) await store.recordScreening(screeningToRecord({ result: staleScreener.screen({ name: 'Huawei Technologies', country: 'CN' }), actor: 'cli:test' }))
    await page.getByRole('tab', { name: 'Hits to review' }).click()
    await page.getByText(/^More than 50 hits await review: this page shows 50/).waitFor()
    await page.getByRole('button', { name: 'Next page' }).click()
    await page.getByTestId('hit').first().waitFor()
    // a batch file with a bad country code: the good row is screened, the bad one listed with its row and what to fix
    await page.getByRole('tab', { name: 'Batch (CSV)' }).click()
    await page.getByLabel('CSV file').setInputFiles({ name: 'parties.csv', mimeType: 'text/csv', buffer: Buffer.from('name,country\nWholly Unrelated Bakery,DE\nAcme Trading,UK\n') })
    await page.getByText('1 of 2 screened, 0 with hits.').waitFor()
    await page.getByText('1 row was not screened').waitFor()
    await page.getByText(/^Not screened: row 3, column country: "UK" .*the United Kingdom is GB/).waitFor()
    await axe(page, 'screening-batch')
    await page.getByRole('tab', { name: 'Search a name' }).click()

    // check a transaction: LICENSE_REQUIRED (the end user's parent is headquartered in CN)
    await nav(page, 'Check a transaction')
    await pick(page, 'Chip or system', 'nvidia-h100-sxm', /^nvidia-h100-sxm/)
    await page.getByLabel(L('Quantity')).fill('8')
    // the certifications offered are the ones the policies in force on the date ask for (GET /v1/certifications)
    await page.getByLabel(L('Date')).fill('2026-02-01')
    const certs = (await page.evaluate(async () => (await fetch('/v1/certifications?date=2026-02-01')).json())) as { certifications: { text: string }[] }
    assert.ok(certs.certifications.length > 0)
    for (const c of certs.certifications) await page.getByRole('checkbox', { name: c.text }).waitFor()
    await page.getByLabel(L('Date')).fill('2024-06-01')
    await page.getByText('No policy in force on 2024-06-01 asks the exporter for certifications.').waitFor()
    await pick(page, 'To', 'AE', 'AE — United Arab Emirates')
    const party = page.getByRole('group', { name: 'Party 1' })
    await party.getByLabel(L('Name')).fill('Example Cloud LLC')
    await pick(party, 'Country', 'AE', 'AE — United Arab Emirates', page)
    await pick(party, 'Parent HQ', 'CN', 'CN — China', page)
    // "Check": both regimes side by side, nothing saved; a red-flag question answered the way that raises it shows on both
    await page.getByRole('button', { name: /Red-flag questions in force on 2024-06-01/ }).click()
    const firstQuestion = page.getByRole('radiogroup').filter({ has: page.getByText('Not answered') }).first()
    await firstQuestion.getByText('Yes', { exact: true }).click()
    await page.getByText('1 of 17 answered').waitFor()
    await page.getByText('1 raised').waitFor()
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    for (const regime of ['As enforced', 'As published']) {
      const verdict = page.getByLabel(`Verdict ${regime}`)
      // the verdict, flag headings, item and places in words, not codes
      await verdict.getByText('Licence required', { exact: true }).waitFor()
      await verdict.getByText('Red flags raised (1)').waitFor()
      await verdict.getByText(/^8 × NVIDIA H100 SXM5 80GB \(3A090\.a, TPP .* each\), US — United States → AE — United Arab Emirates, on 2024-06-01/).waitFor()
      await verdict.getByText(/16 red-flag questions in force on 2024-06-01 are unanswered/).waitFor()
    }
    await page.getByText('Not saved: use Check and save to record it.').waitFor()
    await page.getByRole('alert').filter({ hasText: 'A list is out of date' }).getByText(/CSL snapshot is dated 2022-04-21/).waitFor()
    await axe(page, 'check-preview')
    await page.screenshot({ path: join(SHOTS, 'check-preview.png'), fullPage: true })
    await page.getByRole('button', { name: 'Check and save' }).click()
    const card = page.getByTestId('verdict-card')
    await card.getByText('Licence required', { exact: true }).waitFor()
    await card.getByText('pending').waitFor()
    await axe(page, 'check')
    await shot(page, card, 'verdict-card')
    const txLink = page.getByRole('link', { name: /^txn_/ })
    const txId = (await txLink.textContent())!.trim()
    // the dashboard's approval queue says what the deal is
    await nav(page, 'Dashboard')
    await page.getByText('8 × nvidia-h100-sxm to AE', { exact: true }).waitFor()
    // the officer recorded it: the queue says another approver decides (four-eyes), before anyone clicks Approve
    await page.getByText('recorded by you: another approver decides').first().waitFor()

    // record a licence
    await nav(page, 'Licences')
    await page.getByLabel(L('Licence number')).fill('D1234567')
    await pick(page, 'Destinations', 'AE', 'AE — United Arab Emirates')
    await page.getByRole('combobox', { name: 'ECCNs' }).fill('3A090.a')
    await page.getByRole('combobox', { name: 'ECCNs' }).press('Enter')
    await page.getByLabel(L('Valid from')).fill('2024-05-01')
    await page.getByLabel(L('Valid to')).fill('2028-04-30')
    await page.getByLabel(L('Authorized quantity')).fill('10')
    await page.getByLabel(L('Authorized value (USD)')).fill('400000')
    await page.getByRole('button', { name: 'Record licence' }).click()
    await page.getByRole('heading', { name: 'D1234567' }).waitFor()

    // a shipment under the pending transaction is held (409 APPROVAL_PENDING shown with its title)
    await page.getByLabel(L('Transaction id')).fill(txId)
    await page.getByLabel(L('Shipped on')).fill('2024-06-01')
    await page.getByLabel(L('Quantity')).fill('8')
    await page.getByLabel(L('Value (USD)')).fill('240000')
    await page.getByRole('button', { name: 'Record shipment' }).click()
    await page.getByText("awaits an approver's decision").first().waitFor()
    await axe(page, 'licences')
    // the form is empty again (a second licence is not recorded with the first one's terms)
    assert.equal(await page.getByLabel(L('Licence number')).inputValue(), '')
    assert.equal(await page.getByLabel(L('Valid to')).inputValue(), '')
    // and one that does not cover the transaction (Saudi Arabia only): the approval does not offer it, and says why
    await page.getByLabel(L('Licence number')).fill('D7654321')
    await pick(page, 'Destinations', 'SA', 'SA — Saudi Arabia')
    await page.getByRole('combobox', { name: 'ECCNs' }).fill('3A090.a')
    await page.getByRole('combobox', { name: 'ECCNs' }).press('Enter')
    await page.getByLabel(L('Valid from')).fill('2024-05-01')
    await page.getByLabel(L('Valid to')).fill('2028-04-30')
    await page.getByLabel(L('Authorized quantity')).fill('10')
    await page.getByRole('button', { name: 'Record licence' }).click()
    await page.getByRole('heading', { name: 'D7654321' }).waitFor()

    // approve the transaction under the licence
    await page.goto(`${base}/#/transactions/${txId}`)
    // a transaction that needs a licence is approved only under one (409 APPROVAL_NEEDS_LICENSE otherwise): Approve waits for it, Reject does not
    await page.getByLabel(L('Reason')).fill('Licence D1234567 covers 8 H100 to Example Cloud LLC, AE')
    await page.getByText('It needs a licence: approve it under the recorded licence that covers it.').waitFor()
    assert.equal(await page.getByRole('button', { name: 'Approve' }).isDisabled(), true)
    assert.equal(await page.getByRole('button', { name: 'Reject' }).isDisabled(), false)
    await page.getByText(/Not offered, as they do not cover it: D7654321 \(it covers SA, not the destination AE\)/).waitFor()
    await page.getByText('You recorded this transaction').waitFor()
    await pick(page, 'Licence it ships under', 'D1234567', /^D1234567/)
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.getByText(/approved by officer \(approver\) \(user:officer\)/).waitFor()
    // what changed: the same transaction on each date a rule changed (the 2023-11-17 rule brought the UAE in)
    await page.getByRole('button', { name: 'Show what changed' }).click()
    await page.getByText('changed', { exact: true }).first().waitFor()
    await axe(page, 'transaction')

    // now it ships
    await nav(page, 'Licences')
    const shipUnder = page.getByRole('form', { name: 'Record a shipment under D1234567' })
    await shipUnder.getByLabel(L('Transaction id')).fill(txId)
    await shipUnder.getByLabel(L('Shipped on')).fill('2024-06-01')
    await shipUnder.getByLabel(L('Quantity')).fill('8')
    // the licence limits value: the shipment's value is a required field
    assert.equal(await shipUnder.getByLabel(L('Value (USD)')).evaluate((e) => (e as unknown as { required: boolean }).required), true)
    await shipUnder.getByLabel(L('Value (USD)')).fill('240000')
    await shipUnder.getByRole('button', { name: 'Record shipment' }).click()
    await page.getByText('Quantity: 8 of 10 used (2 left)').waitFor()
    await page.getByText('Value (USD): 240,000 of 400,000 used (160,000 left)').waitFor()

    // upload a document by drag and drop
    await nav(page, 'Documents')
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: await page.evaluateHandle(`(() => {
      const dt = new DataTransfer()
      dt.items.add(new File(['PO 4711: 8 x NVIDIA H100 SXM for Example Cloud LLC, Dubai'], 'po-4711.txt', { type: 'text/plain' }))
      return dt
    })()`) })
    await page.getByText('po-4711.txt (').waitFor()
    await page.getByLabel(L('Event on (retention runs from it)')).fill('2024-06-01')
    await page.getByLabel(L('Transaction id')).fill(txId)
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.getByRole('link', { name: 'po-4711.txt' }).waitFor()
    await axe(page, 'documents')

    // verify the audit chain; the trail names the user
    await nav(page, 'Audit')
    await page.getByRole('button', { name: 'Verify everything' }).click()
    await page.getByTestId('audit-verification').getByText('verified').waitFor()
    await page.getByTestId('audit-verification').getByText(/Full verification: all \d+ events in the chain and all \d+ audited records re-checked; nothing wrong\./).waitFor()
    // the quick check says what it covered, and when everything was last checked
    await page.getByRole('button', { name: 'Verify what is new' }).click()
    await page.getByTestId('audit-verification').getByText(/Incremental verification: .* Records no new event touched were not re-checked\. The last full verification, at .+ found nothing wrong\./).waitFor()
    await page.getByRole('cell', { name: 'user:officer' }).first().waitFor()
    // beside the raw actor, who it is: the user's name and role
    await page.getByRole('cell', { name: 'officer (approver) user:officer' }).first().waitFor()
    await axe(page, 'audit')

    // check access (issue 14): a Chinese national in the U.S. receiving 3E001 technology for the H100 — a deemed
    // export the 742.6(a)(6)(iii) requirement does not reach, with the carve-out cited
    await nav(page, 'Check access')
    await page.getByLabel(L('Date')).fill('2024-06-01')
    await page.getByLabel(L('Name')).fill('Wang Lei')
    await pick(page, 'Citizenships', 'CN', 'CN — China')
    await page.keyboard.press('Escape') // a multi-select stays open after a pick
    await pick(page, 'For the chip or system', 'nvidia-h100-sxm', /^nvidia-h100-sxm/)
    await page.getByRole('button', { name: 'Check access', exact: true }).click()
    const access = page.getByTestId('access-card')
    await access.getByText('No licence required (NLR)').first().waitFor()
    await access.getByText(/does not apply to deemed exports/).first().waitFor()
    await access.getByText(/742\.6\(a\)\(6\)\(iv\)/).first().waitFor()
    await axe(page, 'access')
    // the header names what is released (the technology, not the chip's 3A090.a), and "Access from" is where the
    // person receives it: from China it is an export to CN, which needs a licence (the deemed-export carve-out does not reach it)
    await access.getByText('A release of ECCN 3E001 technology for the NVIDIA H100 SXM5 80GB (3A090.a) in US, attributed to CN', { exact: false }).first().waitFor()
    await pick(page, 'Access from', 'CN', 'CN — China')
    await page.getByRole('button', { name: 'Check access', exact: true }).click()
    await access.getByText('Licence required').first().waitFor()
    await access.getByText(/an export from the United States to CN/).first().waitFor()
    await access.getByText(/A release of ECCN 3E001 technology for the NVIDIA H100 SXM5 80GB \(3A090\.a\) in CN, on 2024-06-01/).first().waitFor()

    // a deployment with more chips shipped than the site declares is flagged; an attestation with an evidence file
    await nav(page, 'Deployments')
    await pick(page, 'Site country', 'MY', 'MY — Malaysia')
    await page.getByLabel(L('Operator')).fill('Kinta Compute Sdn Bhd')
    await page.getByLabel(L('Address')).fill('Lot 5, Cyberjaya')
    await page.getByLabel(L('Declared capacity (chips)')).fill('1000')
    await page.getByLabel(L('Chips shipped')).fill('1200')
    await page.getByLabel(L('Deployed on')).fill('2026-01-10')
    await axe(page, 'deployments')
    await page.getByRole('button', { name: 'Record deployment' }).click()
    const dep = page.getByTestId('deployment-card')
    await dep.getByText('over-capacity').waitFor()
    await page.getByLabel(L('Chips installed')).fill('1100')
    await page.getByLabel('Evidence file (site visit report, photo, inventory)').setInputFiles({ name: 'site-visit.txt', mimeType: 'text/plain', buffer: Buffer.from('Site visit 2026: 1100 H100 counted in racks A1-A14') })
    await page.getByRole('button', { name: 'Record attestation' }).click()
    await dep.getByRole('link', { name: /^doc_/ }).waitFor()
    await dep.getByText('attested-short').waitFor()
    // a later shipment tied to it (as POST /v1/deployments/{id}/shipments does) is listed with its serials
    const depId = /deployments\/(dep_[^/?#&]+)/.exec(page.url())?.[1] ?? assert.fail(`no deployment id in ${page.url()}`)
    await store.addDeploymentShipment({ deploymentId: depId, quantity: 2, serials: ['H100-SN-1', 'H100-SN-2'], shippedOn: '2026-02-01', actor: 'cli:test' })
    await page.reload()
    await dep.getByText('Shipments tied later').waitFor()
    await dep.getByText('H100-SN-1, H100-SN-2').waitFor()
    await dep.getByText(/1,202 chips shipped|1202 chips shipped/).first().waitFor()
    await axe(page, 'deployment')

    // a party recorded is screened at once, and its status says so (never "ok" for a party no list was compared with)
    await nav(page, 'Parties')
    const addParty = page.getByRole('form', { name: 'Add a party' })
    await addParty.getByLabel(L('Name')).fill('Huawei Technologies Co., Ltd.')
    await pick(addParty, 'Country', 'CN', 'CN — China', page)
    await addParty.getByRole('button', { name: 'Add party' }).click()
    await page.getByRole('status').getByText(/^Huawei Technologies Co., Ltd. is recorded and screened: \d+ hits? to review on Screening\.$/).waitFor()
    await addParty.getByRole('alert').filter({ hasText: 'A list is out of date' }).getByText(/CSL snapshot is dated 2022-04-21/).waitFor()
    const partyRow = page.getByRole('row').filter({ hasText: 'Huawei Technologies Co., Ltd.' }).first()
    await partyRow.getByText(/^\d+ open hits?$/).waitFor()
    await axe(page, 'parties')

    // a list change that matches a party of an open transaction puts it on hold (the monitor's re-screen write): its
    // page leads with the hold, and an approver releases it with the reason
    const heldParty = await store.createParty({ name: 'Zephyr Silicon Trading Company', country: 'HK', actor: 'cli:test' })
    const heldTx = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 10, to: 'HK', parties: [{ role: 'ultimate-consignee' as const, name: heldParty.name, country: 'HK' }] }
    const held = await store.recordDetermination({ transaction: heldTx, result: determine(heldTx, { rules: testRules() }), partyIds: [heldParty.id], actor: 'cli:test' })
    const rescreen = await holdByRescreen(store, heldParty, 'rsr_browser')
    assert.deepEqual(rescreen.heldTransactionIds, [held.id])
    // the list says which transactions are on hold
    await nav(page, 'Transactions')
    await page.getByRole('row').filter({ has: page.getByRole('link', { name: held.id }) }).getByText('on hold', { exact: true }).waitFor()
    assert.equal(await page.getByRole('row').filter({ has: page.getByRole('link', { name: txId }) }).getByText('on hold', { exact: true }).count(), 0)
    await page.goto(`${base}/#/transactions/${held.id}`)
    const hold = page.getByRole('alert').filter({ hasText: 'On hold: nothing ships under this transaction while the hold is active' })
    await hold.waitFor()
    await hold.getByRole('link', { name: 'Screening' }).waitFor()
    await axe(page, 'transaction-held')
    await hold.getByLabel(L('Why the hold can be lifted')).fill('Hit reviewed: Zephyr Silicon Trading Company is not the listed Zephyr (other registration number)')
    await hold.getByRole('button', { name: 'Release hold' }).click()
    await page.getByText(/^Hold released .* Hit reviewed: Zephyr Silicon Trading Company is not the listed Zephyr/).waitFor()
    assert.equal(await page.getByText('On hold: nothing ships').count(), 0)
    assert.equal((await store.listHolds({ transactionId: held.id, isActive: true })).length, 0)

    // log a technology access: it is checked as it is recorded, the answer says so, and the report counts it
    await nav(page, 'Tech access')
    const logForm = page.getByRole('form', { name: 'Log an access' })
    await logForm.getByLabel(L('Who (person or account)')).fill('Wang Lei')
    await pick(logForm, 'Nationality', 'CN', 'CN — China', page)
    await pick(logForm, 'Received in', 'CN', 'CN — China', page)
    await logForm.getByLabel(L('Resource')).fill('h100-design-repo')
    await logForm.getByLabel(L('ECCN')).fill('banana')
    await logForm.getByLabel(L('Accessed at')).fill('2026-03-02T09:15')
    await logForm.getByRole('button', { name: 'Log access' }).click()
    await logForm.getByText(/eccn/).first().waitFor() // the problem names the field
    await logForm.getByLabel(L('ECCN')).fill('3e001')
    await logForm.getByRole('button', { name: 'Log access' }).click()
    await page.getByRole('status').getByText(/^Logged tac_\S+: LICENSE REQUIRED, flagged — no licence on file covers this release/).waitFor()
    await page.getByRole('row').filter({ hasText: '3E001' }).getByText('flagged', { exact: true }).waitFor()
    await axe(page, 'tech-access-logged')

    // the chip chart on a date, and the other pages
    await nav(page, 'Chips')
    await page.getByLabel(L('Rules as of')).fill('2024-06-01')
    const chart = page.getByTestId('chip-chart')
    await chart.getByText('TPP against performance density on 2024-06-01').waitFor()
    await chart.locator('.recharts-reference-area').first().waitFor()
    // ECCNs as the regulation writes them (3A090.a), not upper-cased by the badge
    await page.getByRole('table').getByText(/3A090\.a/).first().waitFor()
    const shouted = await page.evaluate<string[]>(`[...document.querySelectorAll('table .mantine-Badge-root')].filter((e) => /[34]A090/.test(e.textContent) && getComputedStyle(e).textTransform === 'uppercase').map((e) => e.textContent)`)
    assert.deepEqual(shouted, [], 'ECCN badges upper-cased')
    await axe(page, 'chips')
    await shot(page, chart, 'chip-chart')
    for (const [label, heading] of [['Transactions', 'Transactions'], ['Parties', 'Parties'], ['Rules', 'Rules timeline'], ['Admin', 'Admin'], ['Tech access', 'Technology access report'], ['Dashboard', 'Dashboard']] as const) {
      await nav(page, label)
      await page.getByRole('heading', { name: heading, exact: true }).waitFor()
      await page.waitForLoadState('networkidle')
      await axe(page, label.toLowerCase())
    }
    // the dashboard says what the audit verification covered (the API checks what is new since its last checkpoint)
    // and when everything was last verified
    await page.getByTestId('dashboard-audit').getByText(/^Incremental verification: .* The last full verification, at .+ found nothing wrong\./).waitFor()

    // readable at 1024 wide: the transactions list shows every verdict and status whole (a badge was cut to "LICENSE_RE…")
    await page.setViewportSize({ width: 1024, height: 768 })
    await nav(page, 'Transactions')
    await page.getByRole('table').getByText('Licence required', { exact: true }).first().waitFor()
    const cut = await page.evaluate<string[]>(`[...document.querySelectorAll('table .mantine-Badge-label')].filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent)`)
    assert.deepEqual(cut, [], 'badges whose label is cut')
    // each row says what the deal is: item and quantity, destination, end user
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: txId }) })
    await row.getByRole('cell', { name: '8 × nvidia-h100-sxm to AE end user Example Cloud LLC', exact: true }).waitFor()
    await page.screenshot({ path: join(SHOTS, 'transactions-1024.png') })
    const listOverflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
    assert.ok(listOverflow <= 0, `the transactions list scrolls sideways by ${listOverflow}px at 1024 wide`)
    await nav(page, 'Check a transaction')
    await page.screenshot({ path: join(SHOTS, 'check-1024.png') })
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 1024 wide`)

    // sign out: the session ends
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()

    // an admin imports an official list file on the Admin page; the server screens with it at once
    await page.getByLabel(L('Username')).fill('admin')
    await page.getByLabel(L('Password')).fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('admin (admin)').waitFor()
    await nav(page, 'Admin')
    await page.getByLabel('Choose list files').setInputFiles(join(REPO_ROOT, 'test/fixtures/lists/dpl.txt'))
    await page.getByRole('button', { name: 'Import 1 file' }).click()
    await page.getByRole('alert').filter({ hasText: 'Imported' }).getByText(/^dpl \(\d+ rows/).waitFor()
    await page.getByRole('cell', { name: 'dpl', exact: true }).waitFor()
    await axe(page, 'admin-import')
    // the dashboard names each list (its code beside it) and says its age against its limit in words: the fixture DPL
    // (latest update 2022-08-29) is past the DPL's 90-day default limit, so it is out of date, not current (green)
    await nav(page, 'Dashboard')
    const listRow = page.getByRole('row').filter({ hasText: 'BIS Denied Persons List' })
    await listRow.getByText('(dpl)').waitFor()
    await listRow.getByTestId('list-age').getByText('out of date', { exact: true }).waitFor()
    await listRow.getByText(/days old, over the 90-day limit/).waitFor()
    assert.equal(await listRow.getByText('current', { exact: true }).count(), 0)
    await axe(page, 'dashboard-lists')

    // the expected 401 of the wrong password, 409 of the held shipment and 400 of the mistyped ECCN are the only failed requests
    assert.equal(consoleErrors.filter((e) => /status of 400/.test(e)).length, 1, 'one 400: the mistyped ECCN')
    const unexpected = consoleErrors.filter((e) => !/status of (400|401|409)/.test(e))
    assert.deepEqual(unexpected, [], 'the browser console has errors')
    if (process.env.CHIPNAV_BROWSER_MARKER) writeFileSync(process.env.CHIPNAV_BROWSER_MARKER, `browser tests ran in ${CHROMIUM}\n`)
  } finally {
    await context.close()
    await app.close()
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})

type Scope = Pick<Page, 'getByLabel' | 'getByRole'>

async function nav(page: Page, label: string) {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label, exact: true }).click()
}

/** A Mantine Select: type into it, pick the option. */
async function pick(scope: Scope, label: string, typed: string, option: string | RegExp, page?: Page) {
  const input = scope.getByLabel(L(label)).first()
  await input.click()
  await input.fill(typed)
  await (page ?? (scope as Page)).getByRole('option', { name: option }).first().click()
}

async function shot(page: Page, locator: ReturnType<Page['getByTestId']>, name: string) {
  await locator.screenshot({ path: join(SHOTS, `${name}.png`) })
  if (process.env.CHIPNAV_UPDATE_DOCS_SCREENSHOTS === '1') await locator.screenshot({ path: join(process.cwd(), 'docs', `${name}.png`) })
  void page
}
