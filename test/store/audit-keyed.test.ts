/**
 * The keyed audit chain, checkpoints and anchors (issue 11), on SQLite (always) and PostgreSQL (when
 * CHIPNAV_TEST_DATABASE_URL is set): events are HMAC-SHA256 under a key kept out of the database; a
 * consistent rewrite with direct database access is caught (without the key by verify itself, with the
 * key by an anchor kept elsewhere, also through `chipnav audit verify --anchor`); a verify after a verify
 * checks only what is new.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { isAppError } from '../../src/shared/errors.js'
import { eventHash } from '../../src/records/hash-chain.js'
import type { AuditEvent } from '../../src/records/audit-events.js'
import { AUDIT_KEY_FILE_NAME, resolveAuditKey } from '../../src/store/audit-key.js'
import { openStore } from '../../src/store/open-store.js'
import { REPO_ROOT } from '../helpers/paths.js'
import { runCli } from '../helpers/run-cli.js'
import { storeDialectsUnderTest, type OpenedStore } from './dialects-under-test.js'

const A = 'analyst-1'
const PARTY_WRITER = join(REPO_ROOT, 'test/store/workers/party-writer.ts')

async function seed(o: OpenedStore, n = 4): Promise<void> {
  for (let i = 0; i < n; i++) await o.store.createParty({ name: `Party ${i}`, country: 'DE', actor: A })
}

/** The events as stored, read with raw SQL. */
async function rawEvents(o: OpenedStore): Promise<AuditEvent[]> {
  const rows = await o.exec('select * from audit_events order by seq')
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: String(r.at),
    actor: String(r.actor),
    action: r.action,
    entityType: r.entity_type,
    entityId: String(r.entity_id),
    beforeHash: (r.before_hash as string | null) ?? null,
    afterHash: (r.after_hash as string | null) ?? null,
    data: typeof r.data === 'string' ? (JSON.parse(r.data) as unknown) : (r.data ?? null),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  })) as AuditEvent[]
}

/**
 * What an attacker with write access to the database does: rewrite event `seq` (its actor) and re-link
 * every later event and the head so the chain is consistent again, hashing with `key` (null: sha256, the
 * unkeyed chain; a key: someone who also read the key file).
 */
async function rewriteConsistently(o: OpenedStore, seq: number, key: Uint8Array | null): Promise<void> {
  const events = await rawEvents(o)
  let prev = events.find((e) => e.seq === seq - 1)?.hash ?? '0'.repeat(64)
  for (const e of events.filter((x) => x.seq >= seq)) {
    const { prevHash: _p, hash: _h, ...content } = e
    const c = e.seq === seq ? { ...content, actor: 'mallory' } : content
    const h = eventHash(prev, c, key)
    await o.exec('update audit_events set actor = ?, prev_hash = ?, hash = ? where seq = ?', [c.actor, prev, h, e.seq])
    prev = h
  }
  await o.exec('update audit_head set hash = ? where id = 1', [prev])
}

for (const d of storeDialectsUnderTest()) {
  describe(`keyed audit chain: ${d.name}`, { skip: d.skip }, () => {
    test('events are HMAC-SHA256 under the audit key (not plain sha256); the key file is created 0600', async () => {
      const o = await d.open()
      try {
        await seed(o, 2)
        const [e1] = await rawEvents(o)
        const { prevHash, hash, ...content } = e1!
        assert.notEqual(hash, eventHash(prevHash, content, null), 'not the unkeyed sha256 link')
        const key = resolveAuditKey({ home: o.config.home })
        assert.equal(hash, eventHash(prevHash, content, key))
        if (d.name === 'sqlite') assert.equal(statSync(join(o.config.home, AUDIT_KEY_FILE_NAME)).mode & 0o777, 0o600)
        assert.equal((await o.store.verifyAudit()).ok, true)
      } finally {
        await o.cleanup()
      }
    })

    test('a consistent rewrite without the key (sha256 re-linked) is caught by verify itself', async () => {
      const o = await d.open()
      try {
        await seed(o)
        await rewriteConsistently(o, 2, null)
        const v = await o.store.verifyAudit()
        assert.equal(v.ok, false)
        assert.equal(v.problems[0]!.kind, 'event-edited')
        assert.equal(v.firstBadEventId, 2)
      } finally {
        await o.cleanup()
      }
    })

    test('a consistent rewrite made with the key is caught by an anchor kept elsewhere (and the anchor is signed)', async () => {
      const o = await d.open()
      try {
        await seed(o)
        const anchor = await o.store.auditAnchor()
        assert.deepEqual([anchor.format, anchor.seq, anchor.count], ['chipnav-audit-anchor/1', 4, 4])
        assert.equal((await o.store.verifyAudit({ anchor })).ok, true)
        await seed(o, 2) // the chain grows after the anchor: still fine
        assert.equal((await o.store.verifyAudit({ anchor })).anchor?.isMatched, true)
        // an edited anchor is refused
        await assert.rejects(o.store.verifyAudit({ anchor: { ...anchor, seq: 3 } }), (e: unknown) => isAppError(e) && e.code === 'AUDIT_ANCHOR_INVALID')
        await assert.rejects(o.store.verifyAudit({ anchor: { nonsense: true } }), (e: unknown) => isAppError(e) && e.code === 'AUDIT_ANCHOR_INVALID')

        await rewriteConsistently(o, 2, resolveAuditKey({ home: o.config.home }))
        assert.equal((await o.store.verifyAudit()).ok, true, 'with the key, the rewrite is consistent: only an anchor can tell')
        const v = await o.store.verifyAudit({ anchor })
        assert.equal(v.ok, false)
        assert.deepEqual(v.problems.map((p) => p.kind), ['anchor-mismatch'])
        assert.equal(v.anchor?.isMatched, false)
      } finally {
        await o.cleanup()
      }
    })

    test('the switch-over marker is bound to the key: moving it is caught, and another key is refused at open', async () => {
      const o = await d.open()
      try {
        await seed(o, 2)
        await o.exec('update audit_chain set keyed_from_seq = 1000 where id = 1')
        const v = await o.store.verifyAudit()
        assert.equal(v.ok, false)
        assert.equal(v.problems[0]!.kind, 'chain-marker-edited')
        await o.exec('update audit_chain set keyed_from_seq = 1 where id = 1')
        await assert.rejects(openStore({ ...o.config, auditKey: new Uint8Array(32).fill(7) }), (e: unknown) => isAppError(e) && e.code === 'AUDIT_KEY_INVALID')
      } finally {
        await o.cleanup()
      }
    })

    test('incremental verify: from the last verified checkpoint, the new events and the rows they touched; a rewrite before it is still caught', async () => {
      const o = await d.open()
      try {
        await seed(o, 5)
        const full = await o.store.verifyAudit()
        assert.deepEqual([full.ok, full.mode, full.checked], [true, 'full', 5])
        await o.store.createParty({ name: 'New Co', country: 'FR', actor: A })
        const inc = await o.store.verifyAudit({ mode: 'incremental' })
        assert.deepEqual([inc.ok, inc.mode, inc.fromSeq, inc.checked, inc.rowsChecked], [true, 'incremental', 5, 1, 1])
        const again = await o.store.verifyAudit({ mode: 'incremental' })
        assert.deepEqual([again.ok, again.fromSeq, again.checked, again.rowsChecked], [true, 6, 0, 0], 'a verify after a verify checks nothing twice')
        // a row the new events touch, edited: caught incrementally
        const q = await o.store.createParty({ name: 'Newer Co', country: 'FR', actor: A })
        await o.exec('update parties set name = ? where id = ?', ['Evil Co', q.id])
        const edited = await o.store.verifyAudit({ mode: 'incremental' })
        assert.deepEqual(edited.problems.map((x) => [x.kind, x.entityId]), [['row-edited', q.id]])
        await o.exec('update parties set name = ? where id = ?', ['Newer Co', q.id])
        // an event before the checkpoint rewritten (even with the key): the checkpoint's event changed
        assert.equal((await o.store.verifyAudit({ mode: 'incremental' })).ok, true)
        await rewriteConsistently(o, 3, resolveAuditKey({ home: o.config.home }))
        const rewritten = await o.store.verifyAudit({ mode: 'incremental' })
        assert.equal(rewritten.ok, false)
        assert.equal(rewritten.problems[0]!.kind, 'chain-broken')
      } finally {
        await o.cleanup()
      }
    })

    test('a full verification is recorded; an incremental one reports it, its problems still count, and says what it covered', async () => {
      const o = await d.open()
      try {
        await seed(o, 4)
        const none = await o.store.verifyAudit({ mode: 'incremental' })
        assert.equal(none.mode, 'full', 'no checkpoint yet: the first verification is full')
        assert.match(none.summary ?? '', /^Full verification: all 4 events in the chain and all \d+ audited records re-checked; nothing wrong\.$/)
        const p = await o.store.createParty({ name: 'Untouched Co', country: 'FR', actor: A })
        const quiet = await o.store.verifyAudit({ mode: 'incremental' })
        assert.equal(quiet.ok, true)
        assert.deepEqual([quiet.lastFull?.ok, quiet.lastFull?.headSeq, quiet.lastFull?.checked], [true, 4, 4])
        assert.match(quiet.summary ?? '', /^Incremental verification: events 5 to 5 and the 1 record they touched re-checked; nothing wrong\. Records no new event touched were not re-checked\. The last full verification, at .+, re-checked events 1 to 4 and \d+ records and found nothing wrong\.$/)
        // a row edited outside chipnav that no new event touches: the incremental check cannot see it, and says so
        await o.exec('update parties set name = ? where id = ?', ['Evil Co', p.id])
        const blind = await o.store.verifyAudit({ mode: 'incremental' })
        assert.deepEqual([blind.ok, blind.checked, blind.rowsChecked], [true, 0, 0])
        assert.match(blind.summary ?? '', /no new events since the last verified checkpoint \(event 5\), so no record was re-checked\. Records no new event touched were not re-checked\./)
        // the full verification finds it, and is recorded: later incremental answers are not ok until a full one passes
        const full = await o.store.verifyAudit({ mode: 'full' })
        assert.deepEqual(full.problems.map((x) => [x.kind, x.entityId]), [['row-edited', p.id]])
        const after = await o.store.verifyAudit({ mode: 'incremental' })
        assert.equal(after.mode, 'incremental')
        assert.equal(after.ok, false)
        assert.deepEqual(after.problems.map((x) => [x.kind, x.entityId]), [['row-edited', p.id]])
        assert.equal(after.lastFull?.ok, false)
        assert.match(after.summary ?? '', /found 1 problem\.$/)
        // the recorded full verification edited in the database (made to say "ok"): its MAC fails, it reads as none
        await o.exec('update audit_checkpoints set is_ok = 1, problems = ? where id = 2', ['[]'])
        const forged = await o.store.verifyAudit({ mode: 'incremental' })
        assert.equal(forged.lastFull, undefined)
        assert.match(forged.summary ?? '', /No full verification has been recorded/)
        await o.exec('update parties set name = ? where id = ?', ['Untouched Co', p.id])
        assert.equal((await o.store.verifyAudit({ mode: 'full' })).ok, true)
        const healed = await o.store.verifyAudit({ mode: 'incremental' })
        assert.deepEqual([healed.ok, healed.lastFull?.ok], [true, true])
      } finally {
        await o.cleanup()
      }
    })

    test('verify reads one snapshot: writes committed by another process while it runs never look like tampering', { timeout: 120_000 }, async () => {
      const o = await d.open()
      try {
        await seed(o, 3)
        const writer = spawn(process.execPath, ['--import', 'tsx', PARTY_WRITER, JSON.stringify(o.config), '2000'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] })
        let out = ''
        writer.stdout.on('data', (b: Buffer) => (out += b))
        const exited = new Promise<void>((resolve) => writer.on('exit', () => resolve()))
        await new Promise<void>((resolve) => writer.stdout.on('data', () => (out.includes('ready') ? resolve() : undefined)))
        const verdicts: { ok: boolean; problem?: string }[] = []
        for (let i = 0; i < 12; i++) verdicts.push(await o.store.verifyAudit({ mode: i % 2 === 0 ? 'full' : 'incremental' }))
        writer.stdin.end()
        await exited
        assert.ok(Number(out.split('\n').filter(Boolean).pop()) > 0, 'the writer wrote while verify ran')
        assert.deepEqual(verdicts.filter((v) => !v.ok).map((v) => v.problem), [])
        assert.equal((await o.store.verifyAudit()).ok, true)
      } finally {
        await o.cleanup()
      }
    })

    test('chipnav audit anchor, then verify --anchor: exit 0 while the chain holds; exit 1 once it was rewritten consistently with the key', { timeout: 300_000 }, async () => {
      const o = await d.open()
      try {
        await seed(o)
        const env: Record<string, string> = { CHIPNAV_HOME: o.config.home, CHIPNAV_DATABASE_URL: o.config.databaseUrl ?? '' }
        const dir = mkdtempSync(join(tmpdir(), 'chipnav-anchor-'))
        const file = join(dir, 'anchor.json')
        const made = runCli(['audit', 'anchor', '--out', file], { env })
        assert.equal(made.code, 0, made.stderr)
        const good = runCli(['audit', 'verify', '--anchor', file], { env })
        assert.equal(good.code, 0, good.stderr + good.stdout)
        assert.match(good.stdout, /anchor: event 4 [0-9a-f]{64} is in the chain unchanged/)
        await rewriteConsistently(o, 2, resolveAuditKey({ home: o.config.home }))
        assert.equal(runCli(['audit', 'verify'], { env }).code, 0, 'consistent without the anchor')
        const bad = runCli(['audit', 'verify', '--anchor', file, '--json'], { env })
        assert.equal(bad.code, 1, bad.stderr)
        assert.equal((JSON.parse(bad.stdout) as { problems: { kind: string }[] }).problems[0]!.kind, 'anchor-mismatch')
        writeFileSync(file, 'not json')
        assert.equal(runCli(['audit', 'verify', '--anchor', file], { env }).code, 2)
        rmSync(dir, { recursive: true, force: true })
      } finally {
        await o.cleanup()
      }
    })
  })
}

