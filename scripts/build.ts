/**
 * `npm run build`: the compiled package. tsc (tsconfig.build.json) emits src/ → dist/; the files in src/
 * that are not TypeScript (e.g. src/screening/data/abbreviations.yaml) are copied beside their modules, a YAML
 * file with its parsed value (`<file>.json`, src/shared/yaml-data-file.ts); the
 * rules in data/ are loaded strictly once and saved as dist/rules/rules-cache.bin (src/rules/rules-cache.ts);
 * and the web UI is built into web/dist when stale (scripts/build-web.ts). `--no-web` skips the UI.
 * Run by `prepare` (npm ci, a git install) and, with `--if-changed`, by `prepack` (npm pack, npm publish).
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
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

/**
 * What dist/ is built from: the sources, the rules data, the compiler settings, this script and package.json. Its
 * sha256 is saved as dist/.build-stamp after a build; `--if-changed` (npm pack's `prepack`, after `npm ci` and
 * `npm run build` have built already) skips the compile when it is unchanged. `npm run build` always builds.
 */
function buildInputsSha256(): string {
  const inputs = [...files(SRC), ...files(join(ROOT, 'data')), ...['tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.ts'].map((f) => join(ROOT, f))]
  const hash = createHash('sha256')
  for (const f of inputs) hash.update(`${relative(ROOT, f)}\0${createHash('sha256').update(readFileSync(f)).digest('hex')}\n`)
  return hash.digest('hex')
}
const STAMP = join(DIST, '.build-stamp')
const inputsSha256 = buildInputsSha256()
const isCurrent = process.argv.includes('--if-changed') && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === inputsSha256

const started = Date.now()
if (isCurrent) process.stderr.write('build: dist/ is current (its sources, data and settings are unchanged since it was built)\n')
else await buildDist()

async function buildDist(): Promise<void> {
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
  writeFileSync(STAMP, `${inputsSha256}\n`)
  process.stderr.write(`build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s (${assets.length} asset${assets.length === 1 ? '' : 's'} copied; rules ${rules.version.slice(0, 12)} saved)\n`)
}
if (!process.argv.includes('--no-web')) {
  const { buildWeb } = await import('./build-web.js')
  const built = await buildWeb()
  process.stderr.write(built ? 'build: web UI built into web/dist\n' : 'build: web UI is up to date (web/dist)\n')
}
