/**
 * Builds the web UI (web/ → web/dist) with Vite when web/dist is missing or stale: the sources' hash
 * (web/src, index.html, vite.config.ts, the lock file) is kept in web/dist/.build-hash. `npm start` runs it
 * before serving, so the README's two commands still do everything. `--force` builds anyway.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const WEB_DIR = fileURLToPath(new URL('../web', import.meta.url))
export const WEB_DIST = join(WEB_DIR, 'dist')
const HASH_FILE = join(WEB_DIST, '.build-hash')

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name)
      return statSync(p).isDirectory() ? files(p) : [p]
    })
}

/** sha256 over the UI's sources and the installed versions (the lock file). */
export function webSourceHash(): string {
  const h = createHash('sha256')
  const inputs = [...files(join(WEB_DIR, 'src')), join(WEB_DIR, 'index.html'), join(WEB_DIR, 'vite.config.ts'), fileURLToPath(new URL('../package-lock.json', import.meta.url)), fileURLToPath(new URL('../src/shared/countries.ts', import.meta.url))]
  for (const f of inputs) h.update(`${relative(WEB_DIR, f)}\0`).update(readFileSync(f)).update('\0')
  return h.digest('hex')
}

export const isWebBuildCurrent = () => existsSync(join(WEB_DIST, 'index.html')) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8').trim() === webSourceHash()

/** Build unless current; returns whether it built. */
export async function buildWeb(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && isWebBuildCurrent()) return false
  const { build } = await import('vite')
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' })
  writeFileSync(HASH_FILE, `${webSourceHash()}\n`)
  return true
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now()
  const built = await buildWeb({ force: process.argv.includes('--force') })
  process.stderr.write(built ? `web UI built into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n` : 'web UI is up to date (web/dist)\n')
}
