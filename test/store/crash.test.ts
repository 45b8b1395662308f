/**
 * A writer killed with SIGKILL in the middle of its writes loses nothing it acknowledged, and leaves
 * the audit chain valid: a child process writes in a loop (parties, and shipments that deplete a
 * licence) and prints an ack line after each committed write; we kill -9 it mid-stream, reopen the
 * database and check every acked record is there, the licence matches its shipments, and verify is ok.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { openStore } from '../../src/store/open-store.js'
import type { RecordsStore } from '../../src/records/records-store.js'
import { REPO_ROOT } from '../helpers/paths.js'
import { storeDialectsUnderTest } from './dialects-under-test.js'

const WRITER = join(REPO_ROOT, 'test/store/workers/crash-writer.ts')
const ACKS_BEFORE_KILL = 300

async function listAll<T>(page: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const all: T[] = []
  let cursor: string | null = null
  do {
    const p = await page(cursor)
    all.push(...p.items)
    cursor = p.nextCursor
  } while (cursor)
  return all
}

describe('crash: SIGKILL during writes', () => {
  for (const d of storeDialectsUnderTest()) {
    test(`${d.name}: every acknowledged write survives and the audit chain verifies`, { skip: d.skip, timeout: 120_000 }, async () => {
      const o = await d.open()
      let reopened: RecordsStore | undefined
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', WRITER, JSON.stringify(o.config)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
        let buffered = ''
        let stderr = ''
        const acked: string[][] = []
        child.stderr.on('data', (c: Buffer) => (stderr += c))
        const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            buffered += chunk
            const lines = buffered.split('\n')
            buffered = lines.pop()! // an unfinished line is not an ack
            for (const l of lines) if (l.startsWith('ack ')) acked.push(l.split(' ').slice(1))
            if (acked.length >= ACKS_BEFORE_KILL) {
              child.kill('SIGKILL')
              resolve()
            }
          })
          child.on('exit', (code, signal) => (signal === 'SIGKILL' ? undefined : reject(new Error(`writer exited ${code} before the kill: ${stderr}`))))
        })
        assert.equal(await exited, 'SIGKILL')

        reopened = await openStore(o.config)
        const parties = new Set((await listAll((cursor) => reopened!.listParties({ limit: 500, cursor }))).map((p) => p.id))
        const shipments = await listAll((cursor) => reopened!.listShipments({ limit: 500, cursor }))
        const shipmentIds = new Set(shipments.map((s) => s.id))
        const licenseId = acked.find((a) => a[0] === 'license')![1]!
        for (const [kind, id] of acked) {
          if (kind === 'party') assert.ok(parties.has(id!), `acked party ${id} is there`)
          if (kind === 'shipment') assert.ok(shipmentIds.has(id!), `acked shipment ${id} is there`)
        }
        const license = await reopened.getLicense(licenseId)
        const ackedShipments = acked.filter((a) => a[0] === 'shipment').length
        assert.ok(shipments.length >= ackedShipments, 'no acked shipment is lost')
        assert.ok(shipments.length <= ackedShipments + 1, 'at most the one write in flight was committed without its ack')
        assert.equal(license.usedQuantity, shipments.length, 'the licence and its shipments agree: no half-written depletion')
        const v = await reopened.verifyAudit()
        assert.equal(v.ok, true, v.problem)
        assert.ok(v.checked >= ACKS_BEFORE_KILL)
      } finally {
        await reopened?.close()
        await o.cleanup()
      }
    })
  }
})
