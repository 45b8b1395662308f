/**
 * The web UI (issue 12): the files Vite built into web/dist, served at `/` by the same process as the API.
 * The UI routes with the URL hash (`/#/screening`), so `/` and the asset files are all it needs. Nothing is
 * served when the folder has no index.html (the API works without the UI).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

export async function registerStaticUi(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    // hashed asset names never change; index.html is checked each time
    setHeaders: (res, path) => res.setHeader('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
  })
  return true
}
