/**
 * bin/chipnav.js chooses what runs: dist/ when it is current or there is no src/ (an installed package), the sources
 * through tsx with a note when a checkout's src/ changed after dist/ was built (a file edited, added or removed).
 * A stand-in checkout in a temp folder: bin/chipnav.js as shipped, a src/cli/main.ts and a dist/cli/main.js that
 * say which one ran, node_modules linked to the repository's (for tsx).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { REPO_ROOT } from '../helpers/paths.js'

const root = mkdtempSync(join(tmpdir(), 'chipnav-bin-'))
after(() => rmSync(root, { recursive: true, force: true }))

function checkout(name: string, { hasSrc = true, hasDist = true } = {}): string {
  const dir = join(root, name)
  mkdirSync(join(dir, 'bin'), { recursive: true })
  copyFileSync(join(REPO_ROOT, 'bin/chipnav.js'), join(dir, 'bin/chipnav.js'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'))
  if (hasSrc) {
    mkdirSync(join(dir, 'src/cli'), { recursive: true })
    writeFileSync(join(dir, 'src/cli/main.ts'), "const from: string = 'src'\nconsole.log(`ran ${from}`)\n")
  }
  if (hasDist) {
    mkdirSync(join(dir, 'dist/cli'), { recursive: true })
    writeFileSync(join(dir, 'dist/cli/main.js'), "console.log('ran dist')\n")
  }
  return dir
}
const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds)
const run = (dir: string) => spawnSync(process.execPath, [join(dir, 'bin/chipnav.js')], { encoding: 'utf8' })

test('a current dist/ runs, with nothing on standard error', () => {
  const dir = checkout('current')
  for (const p of ['src/cli/main.ts', 'src/cli', 'src']) at(join(dir, p), 1_000_000)
  const r = run(dir)
  assert.equal(r.stdout, 'ran dist\n', r.stderr)
  assert.equal(r.stderr, '')
})

test('a source file changed after the build: the sources run, and standard error says why', () => {
  const dir = checkout('stale')
  for (const p of ['src/cli', 'src']) at(join(dir, p), 1_000_000)
  at(join(dir, 'dist/cli/main.js'), 2_000_000)
  at(join(dir, 'src/cli/main.ts'), 3_000_000)
  const r = run(dir)
  assert.equal(r.stdout, 'ran src\n', r.stderr)
  assert.match(r.stderr, /^chipnav: src\/ changed since dist\/ was built, so the sources run .*npm run build/)
})

test('a source file removed after the build (its folder changed): the sources run', () => {
  const dir = checkout('removed')
  at(join(dir, 'src/cli/main.ts'), 1_000_000)
  at(join(dir, 'dist/cli/main.js'), 2_000_000)
  at(join(dir, 'src'), 1_000_000)
  at(join(dir, 'src/cli'), 3_000_000)
  assert.equal(run(dir).stdout, 'ran src\n')
})

test('an installed package (no src/) runs dist/; a checkout without dist/ runs the sources', () => {
  assert.equal(run(checkout('installed', { hasSrc: false })).stdout, 'ran dist\n')
  const fresh = run(checkout('unbuilt', { hasDist: false }))
  assert.equal(fresh.stdout, 'ran src\n')
  assert.equal(fresh.stderr, '')
})
