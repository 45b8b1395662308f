/**
 * A hash of the code and data a screening index is built with: every file under src/screening's
 * `index/`, `normalize/`, `score/` and `data/` (abbreviations.yaml), and `screener` itself with its
 * `screener-*` modules, as they are on disk beside this module (TypeScript sources, or the compiled
 * JavaScript of a build). A change to
 * any of them — a scoring rule, a normalisation step, an abbreviation — gives a new hash, so an index
 * saved by other code is rebuilt, never used. Computed once per process. The compiled build carries the
 * hash of the sources it was built from (`npm run build` writes it beside `screener.js`), so the sources
 * and their build use the same saved index. The transliteration packages' versions and Node's Unicode version
 * are added at run time.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const SCREENING_DIR = fileURLToPath(new URL('../', import.meta.url))
const HASHED_DIRS = ['index', 'normalize', 'score', 'data']
const HASHED_FILE = /^screener(?:-[a-z-]+)?\.(?:ts|js|mjs)$/

/** in a compiled build: the code hash of the sources it was built from */
export const SCREENING_CODE_HASH_FILE = 'code-hash.txt'

let cached: Promise<string> | undefined

export function screeningCodeHash(): Promise<string> {
  return (cached ??= screeningSourceHash().then((code) => createHash('sha256').update(`${code}\n${runtimeParts()}`).digest('hex')))
}

/**
 * What shapes the saved tokens besides chipnav's own code: the transliteration packages' versions (pinyin-pro's
 * dictionary, any-ascii's tables) and the Unicode version of Node's ICU (NFKC, script classes). After an upgrade
 * of either an index built before is rebuilt, never read with queries normalised the new way.
 */
function runtimeParts(): string {
  return [...TRANSLITERATION_PACKAGES.map((name) => `${name}@${packageVersion(name)}`), `unicode@${process.versions.unicode ?? 'unknown'}`].join(' ')
}

const TRANSLITERATION_PACKAGES = ['pinyin-pro', 'any-ascii']

function packageVersion(name: string): string {
  try {
    const entry = createRequire(import.meta.url).resolve(name)
    const marker = `${sep}node_modules${sep}${name}${sep}`
    const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length)
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** the hash of the screening sources alone (what `npm run build` saves); `screeningCodeHash` adds the runtime parts */
export async function screeningSourceHash(): Promise<string> {
  const saved = await readFile(join(SCREENING_DIR, SCREENING_CODE_HASH_FILE), 'utf8').catch(() => undefined)
  if (saved !== undefined && /^[0-9a-f]{64}\s*$/.test(saved)) return saved.trim()
  const files: string[] = (await readdir(SCREENING_DIR)).filter((f) => HASHED_FILE.test(f))
  for (const dir of HASHED_DIRS) {
    const entries = await readdir(join(SCREENING_DIR, dir), { recursive: true, withFileTypes: true }).catch(() => [])
    for (const e of entries) if (e.isFile()) files.push(join(e.parentPath ?? e.path, e.name).slice(SCREENING_DIR.length))
  }
  files.sort()
  const hash = createHash('sha256')
  for (const f of files) {
    const bytes = await readFile(join(SCREENING_DIR, f))
    hash.update(`${f.replaceAll('\\', '/')} ${bytes.length}\n`).update(bytes)
  }
  return hash.digest('hex')
}
