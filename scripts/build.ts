/**
 * `npm run build`: the compiled package. tsc (tsconfig.build.json) emits src/ → dist/; the files in src/
 * that are not TypeScript (e.g. src/screening/data/abbreviations.yaml) are copied beside their modules, a YAML
 * file with its parsed value (`<file>.json`, src/shared/yaml-data-file.ts); the
 * rules in data/ are loaded strictly once and saved as dist/rules/rules-cache.bin (src/rules/rules-cache.ts);
 * and the web UI is built into web/dist when stale (scripts/build-web.ts). `--no-web` skips the UI.
 * Run by `prepare` (npm ci, a git install) and `prepack` (npm pack, npm publish).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SRC = join(ROOT, 'src')
const DIST = join(ROOT, 'dist')

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name)
      return statSync(p).isDirectory() ? files(p) : [p]
    })
}

const started = Date.now()
rmSync(DIST, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' })
if (r.status !== 0) {
  process.stderr.write('build: tsc failed\n')
  process.exit(r.status ?? 1)
}
const assets = files(SRC).filter((f) => !f.endsWith('.ts'))
for (const f of assets) {
  const to = join(DIST, relative(SRC, f))
  mkdirSync(dirname(to), { recursive: true })
  copyFileSync(f, to)
}
// the parsed value of each YAML data file beside it (src/shared/yaml-data-file.ts): start-up then loads no YAML parser
const { saveYamlDataFile } = (await import(pathToFileURL(join(DIST, 'shared/yaml-data-file.js')).href)) as typeof import('../src/shared/yaml-data-file.js')
for (const f of assets.filter((a) => a.endsWith('.yaml'))) saveYamlDataFile(join(DIST, relative(SRC, f)))
// the compiled loader and cache writer, so the saved rules are what dist/ itself would load
const { loadRules } = (await import(pathToFileURL(join(DIST, 'rules/load-rules.js')).href)) as typeof import('../src/rules/load-rules.js')
const { writeRulesCache } = (await import(pathToFileURL(join(DIST, 'rules/rules-cache.js')).href)) as typeof import('../src/rules/rules-cache.js')
const rules = loadRules({ useCache: false })
writeRulesCache(rules)
// the screening code hash of the sources, so a saved screening index serves both the sources (tsx) and this build
const { screeningSourceHash, SCREENING_CODE_HASH_FILE } = await import('../src/screening/snapshots/screening-code-hash.js')
writeFileSync(join(DIST, 'screening', SCREENING_CODE_HASH_FILE), `${await screeningSourceHash()}\n`)
process.stderr.write(`build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s (${assets.length} asset${assets.length === 1 ? '' : 's'} copied; rules ${rules.version.slice(0, 12)} saved)\n`)
if (!process.argv.includes('--no-web')) {
  const { buildWeb } = await import('./build-web.js')
  const built = await buildWeb()
  process.stderr.write(built ? 'build: web UI built into web/dist\n' : 'build: web UI is up to date (web/dist)\n')
}
