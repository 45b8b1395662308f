/**
 * A store for a bench that measures the store itself: a fresh home folder and, on PostgreSQL, a fresh schema
 * (`search_path` in the connection URL), both removed by `dispose()` whatever happened.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openStore } from '../src/store/open-store.js'

export type ScratchStore = { store: Awaited<ReturnType<typeof openStore>>; dispose: () => Promise<void> }

export async function openScratchStore(o: { dialect: string; pgUrl: string; prefix: string }): Promise<ScratchStore> {
  const home = mkdtempSync(join(tmpdir(), `${o.prefix}-`))
  const schema = `chipnav_bench_${randomBytes(6).toString('hex')}`
  const admin = o.dialect === 'postgres' ? new pg.Client({ connectionString: o.pgUrl }) : undefined
  const dispose = async () => {
    if (admin) {
      await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
      await admin.end()
    }
    rmSync(home, { recursive: true, force: true })
  }
  try {
    let databaseUrl: string | undefined
    if (admin) {
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      const url = new URL(o.pgUrl)
      url.searchParams.set('options', `-c search_path=${schema}`)
      databaseUrl = url.toString()
    }
    return { store: await openStore({ home, ...(databaseUrl ? { databaseUrl } : {}) }), dispose }
  } catch (e) {
    await dispose()
    throw e
  }
}
