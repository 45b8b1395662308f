#!/usr/bin/env node
// The chipnav command: the compiled CLI in dist/ (built by `npm run build`, which `npm ci`, `npm pack` and a
// git install run through `prepare`). In a clone without dist/, the TypeScript sources run through tsx
// (a dev dependency); after changing src/, rebuild or use `npm run chipnav -- …`, which always runs the sources.
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/cli/main.js', import.meta.url)
if (existsSync(compiled)) {
  await import(compiled.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
