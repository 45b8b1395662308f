/**
 * The installed package's README is the user's manual: the example files it tells them to run are in the tarball
 * (`files` in package.json). `npm pack --dry-run --ignore-scripts` lists what would be packed without building or
 * the network (scripts/pack-check.sh packs and installs for real).
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { REPO_ROOT } from '../helpers/paths.js'

test('every examples/ file the README names is in the packed package', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const packed = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path))
  const named = [...new Set(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').match(/examples\/[\w.-]+\.json/g) ?? [])]
  assert.ok(named.length >= 3, `the README names examples: ${named.join(', ')}`)
  assert.deepEqual(named.filter((p) => !packed.has(p)), [], 'named in the README but not packed')
})
