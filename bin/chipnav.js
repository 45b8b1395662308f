#!/usr/bin/env node
// The chipnav command: the compiled CLI in dist/ (built by `npm run build`, which `npm ci`, `npm pack` and a
// git install run through `prepare`). An installed package has no src/, so it runs dist/ after one check.
// In a checkout (src/ beside dist/), dist/ older than a file or folder of src/ would answer with old code: the
// sources run through tsx (a dev dependency) instead, with a note on standard error saying so; `npm run build`
// makes dist/ current again. Without dist/, the sources run through tsx. `npm run chipnav -- …` always runs them.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const compiled = new URL('../dist/cli/main.js', import.meta.url)
const src = fileURLToPath(new URL('../src', import.meta.url))

/** the newest modification time of a folder, its files and its sub-folders (a file removed changes its folder's) */
function newestMtimeMs(dir) {
  let newest = statSync(dir).mtimeMs
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(p) : statSync(p).mtimeMs)
  }
  return newest
}

async function runSources() {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}

if (!existsSync(compiled)) {
  await runSources()
} else if (existsSync(src) && newestMtimeMs(src) > statSync(compiled).mtimeMs) {
  const hasTsx = await import('tsx/esm/api').then(() => true, () => false)
  process.stderr.write(
    hasTsx
      ? 'chipnav: src/ changed since dist/ was built, so the sources run (slower to start); `npm run build` to use the build again\n'
      : 'chipnav: WARNING src/ changed since dist/ was built and tsx is not installed: running the OLD build in dist/; run `npm run build`\n',
  )
  if (hasTsx) await runSources()
  else await import(compiled.href)
} else {
  await import(compiled.href)
}
