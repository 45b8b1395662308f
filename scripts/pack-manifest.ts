/**
 * The packed package.json without the `prepare` script (issue 15, review finding F1). `prepare` builds dist/ for
 * `npm ci` and a git install; a package installed from its tarball is built already, yet npm lists every installed
 * package's `prepare` among the "install scripts not yet covered by allowScripts", which named a build script a
 * tarball user neither needs nor has the sources for. npm pack and publish run:
 *
 *   prepack   build (skipped when dist/ is current), then `strip`: package.json saved aside, `prepare` removed
 *   (pack)    the tarball, with that package.json
 *   postpack  `restore`: package.json back as it was
 *
 *   node --import tsx scripts/pack-manifest.ts strip|restore
 *
 * A pack that failed between the two leaves the saved copy; the next `strip` or `restore` puts it back first.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const MANIFEST = fileURLToPath(new URL('../package.json', import.meta.url))
const SAVED = fileURLToPath(new URL('../.package.json.before-pack', import.meta.url))

function restore(): void {
  if (existsSync(SAVED)) renameSync(SAVED, MANIFEST)
}

const command = process.argv[2]
if (command === 'restore') restore()
else if (command === 'strip') {
  restore()
  const text = readFileSync(MANIFEST, 'utf8')
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> }
  if (manifest.scripts?.prepare !== undefined) {
    writeFileSync(SAVED, text)
    delete manifest.scripts.prepare
    writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`)
  }
} else {
  process.stderr.write('usage: pack-manifest.ts strip|restore\n')
  process.exit(2)
}
