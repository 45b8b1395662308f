/** What the browser tests share: Debian's Chromium, launched headless as every browser test does, and axe-core on a page. */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'

export const CHROMIUM = process.env.CHIPNAV_CHROMIUM ?? '/usr/bin/chromium'
export const SHOTS = join(process.cwd(), '.screenshots')

/**
 * Chromium headless (never a downloaded one), its profile in `profileDir`, and its page: the console's errors and the
 * page's uncaught errors collected in `consoleErrors`, 20 s for each wait. Close `context` when done.
 */
export async function openBrowserPage(profileDir: string): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const { chromium } = await import('playwright-core')
  mkdirSync(SHOTS, { recursive: true })
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
  })
  const consoleErrors: string[] = []
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    page.on('pageerror', (e) => consoleErrors.push(e.message))
    page.setDefaultTimeout(20_000)
    return { context, page, consoleErrors }
  } catch (e) {
    await context.close()
    throw e
  }
}

/** a field's label, with or without the required asterisk */
export const L = (label: string) => new RegExp(`^${label.replace(/[()]/g, '\\$&')}( \\*)?$`)

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core on the page: no serious or critical violation; a full-page screenshot to .screenshots/<name>.png */
export async function axe(page: Page, name: string) {
  await page.evaluate(AXE)
  const found = await page.evaluate<{ id: string; impact: string; help: string; nodes: { target: unknown; html: string }[] }[]>(`axe.run({ resultTypes: ['violations'] }).then((r) => r.violations)`)
  const violations = found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 120)).join(' | ')}`)
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
  assert.deepEqual(violations, [], `axe on the ${name} page`)
}
