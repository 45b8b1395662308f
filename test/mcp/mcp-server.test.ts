import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { buildMcpServer } from '../../src/mcp/mcp-server.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { cslSource } from '../../src/screening/sources/csl/csl-source.js'
import { runCli } from '../helpers/run-cli.js'
import { fixture } from '../screening/sources/fixtures.js'

async function connected() {
  const server = buildMcpServer({
    rules: loadRules(),
    screener: buildScreener({ entries: cslSource.parseFiles([fixture('consolidated.csv')]).entries, snapshots: [] }),
    clock: () => new Date('2026-12-01T00:00:00Z'),
    version: 'test',
  })
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  const client = new Client({ name: 'chipnav-test', version: '1' })
  await Promise.all([server.connect(serverSide), client.connect(clientSide)])
  return { client, close: async () => { await client.close(); await server.close() } }
}

const json = (r: unknown) => JSON.parse(((r as { content: { text: string }[] }).content[0]!).text)

test('an MCP client lists the tools with their JSON schemas', async () => {
  const { client, close } = await connected()
  try {
    const { tools } = await client.listTools()
    assert.deepEqual(tools.map((t) => t.name).sort(), ['certifications', 'check', 'check_access', 'chips', 'classify', 'diff', 'match', 'red_flags', 'screen', 'timeline'])
    const check = tools.find((t) => t.name === 'check')!
    assert.equal(check.inputSchema.type, 'object')
    assert.ok(check.inputSchema.properties && 'transaction' in check.inputSchema.properties)
    // a range's ends say what they are (not "the date the answer is about", nor a default of today)
    const timeline = tools.find((t) => t.name === 'timeline')!.inputSchema.properties as Record<string, { description?: string }>
    assert.match(timeline.from!.description!, /first date.*default: the first change/)
    assert.match(timeline.to!.description!, /last date.*default: the last change/)
  } finally {
    await close()
  }
})

test('certifications through MCP: the January 2026 China conditions in force on a date, none before', async () => {
  const { client, close } = await connected()
  try {
    const after = json(await client.callTool({ name: 'certifications', arguments: { date: '2026-02-01' } })) as { date: string; rulesVersion: string; certifications: { id: string; cfr: string; source: string }[] }
    assert.equal(after.date, '2026-02-01')
    assert.match(after.rulesVersion, /^[0-9a-f]{64}$/)
    assert.ok(after.certifications.some((c) => c.id === 'us-supply-sufficient' && /742\.6/.test(c.cfr) && /FR/.test(c.source)), JSON.stringify(after))
    // review F9: unverified statements are marked, with why
    const marked = (after.certifications as { id: string; unverified?: boolean; note?: string }[]).filter((c) => c.unverified)
    assert.ok(marked.some((c) => c.id === 'china-shipments-within-50-percent' && (c.note ?? '').length > 0), JSON.stringify(after))
    assert.ok(!marked.some((c) => c.id === 'us-supply-sufficient'))
    assert.deepEqual(json(await client.callTool({ name: 'certifications', arguments: { date: '2025-02-01' } })).certifications, [])
  } finally {
    await close()
  }
})

test('check through MCP gives a cited determination; screen and classify answer too', async () => {
  const { client, close } = await connected()
  try {
    const r = json(await client.callTool({ name: 'check', arguments: { transaction: { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'CN' } } }))
    assert.equal(r.verdict, 'LICENSE_REQUIRED')
    assert.ok(r.reasons.some((x: { citations: { cfr: string; source: { citation: string } }[] }) => x.citations.some((c) => /742\.6/.test(c.cfr) && /FR/.test(c.source.citation))), 'reasons cite the CFR and the Federal Register')
    const s = json(await client.callTool({ name: 'screen', arguments: { name: 'Huawei Technologies', country: 'CN' } }))
    assert.ok(s.hits.some((h: { list: string }) => h.list === 'el'))
    assert.equal(s.notices, undefined)
    // a name in Han script: not a clean "no hit" (review F19)
    const han = json(await client.callTool({ name: 'screen', arguments: { name: '华为技术有限公司', country: 'CN' } }))
    assert.equal(han.notices[0].code, 'NAME_SCRIPT_UNCOVERED')
    assert.equal(han.notices[0].script, 'Han')
    const c = json(await client.callTool({ name: 'classify', arguments: { chip: 'nvidia-h100-sxm', date: '2024-06-01' } }))
    assert.equal(c.eccn, '3A090.a')
  } finally {
    await close()
  }
})

test('check_access through MCP: where.accessFrom is where a release is received (an export to CN, not a deemed export)', async () => {
  const { client, close } = await connected()
  try {
    const check = (where: Record<string, string>) => ({ date: '2026-12-07', who: { kind: 'person', name: 'Xiaoqing Brightwater', citizenships: ['CN'] }, what: { kind: 'technology', eccn: '3E001', forItem: { chip: 'nvidia-h100-sxm' } }, where })
    const fromCn = json(await client.callTool({ name: 'check_access', arguments: { check: check({ country: 'US', accessFrom: 'CN' }) } }))
    assert.equal(fromCn.verdict, 'LICENSE_REQUIRED', JSON.stringify(fromCn.reasons))
    assert.match(fromCn.subject, /^ECCN 3E001 technology for /)
    assert.equal(json(await client.callTool({ name: 'check_access', arguments: { check: check({ country: 'US' }) } })).verdict, 'NLR')
  } finally {
    await close()
  }
})

test('screen, check and check_access through MCP warn when a list snapshot is older than its limit, as the CLI and the API do', async () => {
  const entries = cslSource.parseFiles([fixture('consolidated.csv')]).entries
  const stale = { source: 'csl' as const, sha256: 'a'.repeat(64), listDate: '2022-04-21', listDateBasis: 'latest-entry' as const, importedAt: '2026-11-30T00:00:00Z', rowCounts: { el: entries.length } }
  const connect = async (maxListAge?: { csl?: number }) => {
    const server = buildMcpServer({ rules: loadRules(), screener: buildScreener({ entries, snapshots: [stale] }), clock: () => new Date('2026-12-01T00:00:00Z'), version: 'test', ...(maxListAge ? { maxListAge } : {}) })
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    const client = new Client({ name: 'chipnav-test', version: '1' })
    await Promise.all([server.connect(serverSide), client.connect(clientSide)])
    return { client, close: async () => { await client.close(); await server.close() } }
  }
  const { client, close } = await connect()
  try {
    const warned = (r: { listWarnings?: { kind: string; source: string; date: string; maxAgeDays: number; message: string }[] }) => r.listWarnings?.map((w) => [w.kind, w.source, w.date, w.maxAgeDays])
    const s = json(await client.callTool({ name: 'screen', arguments: { name: 'Moore Threads', country: 'CN' } }))
    assert.deepEqual(warned(s), [['stale-list', 'csl', '2022-04-21', 14]])
    assert.match(s.listWarnings[0].message, /CSL snapshot is dated 2022-04-21.*over the 14-day limit/)
    const c = json(await client.callTool({ name: 'check', arguments: { transaction: { date: '2026-11-01', item: { chip: 'nvidia-h20' }, quantity: 8, to: 'CN', parties: [{ role: 'end-user', name: 'Moore Threads', country: 'CN' }] } } }))
    assert.ok(typeof c.verdict === 'string')
    assert.deepEqual(warned(c), [['stale-list', 'csl', '2022-04-21', 14]])
    const a = json(await client.callTool({ name: 'check_access', arguments: { check: { date: '2026-11-01', who: { kind: 'organisation', name: 'Moore Threads', country: 'CN' }, what: { kind: 'compute', item: { eccn: '3A090.a' }, quantity: 8 }, where: { country: 'US', operator: { name: 'Example DC Operator Inc', country: 'US' } } } } }))
    assert.deepEqual(warned(a), [['stale-list', 'csl', '2022-04-21', 14]], JSON.stringify(a).slice(0, 400))
    // diff screens the parties on every date, so it warns too (its dates under `dates`)
    const d = json(await client.callTool({ name: 'diff', arguments: { transaction: { item: { chip: 'nvidia-h20' }, quantity: 8, to: 'CN', parties: [{ role: 'end-user', name: 'Moore Threads', country: 'CN' }] }, dates: ['2025-05-01', '2025-03-01'] } }))
    assert.deepEqual(d.dates.map((x: { date: string; verdict: string }) => x.date), ['2025-03-01', '2025-05-01'])
    assert.ok(d.dates.every((x: { verdict: string }) => typeof x.verdict === 'string'))
    assert.deepEqual(warned(d), [['stale-list', 'csl', '2022-04-21', 14]])
  } finally {
    await close()
  }
  // the limit is configuration: no limit, no warning (and an empty list, as the CLI's --json gives)
  const loose = await connect({})
  try {
    assert.deepEqual(json(await loose.client.callTool({ name: 'screen', arguments: { name: 'Moore Threads' } })).listWarnings, [])
  } finally {
    await loose.close()
  }
})

test('diff through MCP applies the sanctions jurisdictions the server was given, as check does', async () => {
  const { euSource } = await import('../../src/screening/sources/eu/eu-source.js')
  const entries = euSource.parseFiles([fixture('eu-fsf.xml')]).entries
  const server = buildMcpServer({ rules: loadRules(), screener: buildScreener({ entries, snapshots: [] }), clock: () => new Date('2026-12-01T00:00:00Z'), version: 'test', jurisdictions: ['US', 'EU'] })
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  const client = new Client({ name: 'chipnav-test', version: '1' })
  await Promise.all([server.connect(serverSide), client.connect(clientSide)])
  try {
    const transaction = { item: { chip: 'nvidia-l4' }, quantity: 4, to: 'DE', parties: [{ role: 'end-user', name: 'Northwind Microelectronics Trading LLC', country: 'DE' }] }
    const check = json(await client.callTool({ name: 'check', arguments: { transaction: { ...transaction, date: '2026-12-01' } } }))
    assert.equal(check.verdict, 'PROHIBITED')
    const d = json(await client.callTool({ name: 'diff', arguments: { transaction, dates: ['2026-11-01', '2026-12-01'] } }))
    assert.deepEqual(d.dates.map((x: { verdict: string }) => x.verdict), ['PROHIBITED', 'PROHIBITED'])
  } finally {
    await client.close()
    await server.close()
  }
})

test('bad input is a tool error naming the field, not a crash', async () => {
  const { client, close } = await connected()
  try {
    const r = (await client.callTool({ name: 'check', arguments: { transaction: { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8 } } })) as { isError?: boolean; content: { text: string }[] }
    assert.equal(r.isError, true)
    assert.match(r.content[0]!.text, /"to"/)
  } finally {
    await close()
  }
})

test('check with flat arguments: the unknown ones named, and the missing transaction in plain words (review item 5)', async () => {
  const { client, close } = await connected()
  try {
    type R = { isError?: boolean; content: { text: string }[] }
    const r = (await client.callTool({ name: 'check', arguments: { item: 'nvidia-l20', to: 'CN', date: '2026-03-01', qty: 1 } })) as R
    assert.equal(r.isError, true)
    const text = r.content[0]!.text
    assert.match(text, /unknown arguments item, to, date, qty; expected transaction, regime/)
    assert.match(text, /required: an object \(a JSON \{…\}\) at transaction/)
    assert.doesNotMatch(text, /Invalid input|expected record/)
    // a wrong kind reads plainly too; a message a schema writes itself (a date's) is kept
    const kind = (await client.callTool({ name: 'check', arguments: { transaction: 'x' } })) as R
    assert.match(kind.content[0]!.text, /expected an object \(a JSON \{…\}\), not text at transaction/)
    const regime = (await client.callTool({ name: 'check', arguments: { transaction: {}, regime: 'lax' } })) as R
    assert.match(regime.content[0]!.text, /must be one of "?as-enforced"?, "?as-published"? at regime/)
    // the listed schema keeps its descriptions
    const { tools } = await client.listTools()
    const check = tools.find((t) => t.name === 'check')!
    assert.match(JSON.stringify(check.inputSchema), /the transaction as chipnav check reads it/)
  } finally {
    await close()
  }
})

test('an unknown argument is a tool error naming it and the arguments the tool takes (review F10), for every tool', async () => {
  const { client, close } = await connected()
  try {
    type R = { isError?: boolean; content: { text: string }[] }
    // the CLI's name for the chip is `id`: it used to be dropped, and the answer was about the chip ""
    const r = (await client.callTool({ name: 'classify', arguments: { id: 'nvidia-h20', date: '2025-06-01' } })) as R
    assert.equal(r.isError, true)
    assert.match(r.content[0]!.text, /unknown argument id; expected chip, spec, date/)
    assert.doesNotMatch(r.content[0]!.text, /UNKNOWN_CHIP/)
    // every tool's listed schema refuses other properties, and every tool refuses one
    const { tools } = await client.listTools()
    for (const t of tools) {
      assert.equal((t.inputSchema as { additionalProperties?: unknown }).additionalProperties, false, t.name)
      const expected = Object.keys((t.inputSchema as { properties?: object }).properties ?? {}).join(', ')
      const bad = (await client.callTool({ name: t.name, arguments: { bogus: 1 } })) as R
      assert.equal(bad.isError, true, t.name)
      assert.ok(bad.content[0]!.text.includes(`unknown argument bogus; expected ${expected}`), `${t.name}: ${bad.content[0]!.text}`)
    }
    const two = (await client.callTool({ name: 'chips', arguments: { day: '2025-01-01', when: 'x' } })) as R
    assert.match(two.content[0]!.text, /unknown arguments day, when; expected date/)
    // known arguments still answer, and classify without chip or spec says what it needs
    assert.equal(json(await client.callTool({ name: 'classify', arguments: { chip: 'nvidia-h20', date: '2025-06-01' } })).eccn, null)
    const none = (await client.callTool({ name: 'classify', arguments: { date: '2025-06-01' } })) as R
    assert.equal(none.isError, true)
    assert.match(none.content[0]!.text, /chip \(a catalogue id, e\.g\. nvidia-h100-sxm\) or spec is required/)
  } finally {
    await close()
  }
})

test('chipnav completion prints scripts for bash, zsh and fish, and refuses other shells with exit 2', () => {
  const bash = runCli(['completion', 'bash'])
  assert.equal(bash.code, 0, bash.stderr)
  assert.match(bash.stdout, /complete -o default -F _chipnav chipnav/)
  assert.match(bash.stdout, /check-access/)
  assert.match(runCli(['completion', 'fish']).stdout, /complete -c chipnav -n __fish_use_subcommand -a screen/)
  assert.match(runCli(['completion', 'zsh']).stdout, /bashcompinit/)
  const bad = runCli(['completion', 'tcsh'])
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /bash, zsh or fish/)
})

test('chipnav doctor names the home, database, rules and Node, and exits 1 when something needs fixing (no lists)', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const home = mkdtempSync(join(tmpdir(), 'chipnav-doctor-'))
  try {
    const r = runCli(['doctor', '--json'], { env: { CHIPNAV_HOME: home } })
    assert.equal(r.code, 1, r.stderr)
    const out = JSON.parse(r.stdout)
    assert.equal(out.ok, false)
    const what = out.checks.map((c: { what: string }) => c.what)
    for (const w of ['home', 'database', 'rules', 'lists', 'node']) assert.ok(what.includes(w), `${w} in ${what.join(', ')}`)
    assert.ok(out.checks.some((c: { what: string; ok: boolean; detail: string }) => c.what === 'lists' && !c.ok && /lists update/.test(c.detail)))
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
})

test('with the store\'s authorisations, check and check_access say when one covers (UVEU until 2025-05-13), read on the input\'s date', async () => {
  const asked: string[] = []
  const uveu = { id: 'auth_uveu', program: 'uveu' as const, reference: 'UVEU (test record)', endUser: 'Gulf DC Co', site: { country: 'AE', address: 'Abu Dhabi' }, eccns: ['3A090'], destinations: [], conditions: [], validFrom: '2025-01-01', validTo: null }
  const server = buildMcpServer({ rules: loadRules(), clock: () => new Date('2026-12-01T00:00:00Z'), version: 'test', authorisationsInForce: async (date) => (asked.push(date), [uveu]) })
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  const client = new Client({ name: 'chipnav-test', version: '1' })
  await Promise.all([server.connect(serverSide), client.connect(clientSide)])
  const authFlags = (r: { flags: { kind: string; id: string; citations?: { source: { id: string } }[] }[] }) => r.flags.filter((f) => f.id.startsWith('authorisation')).map((f) => [f.kind, f.id, f.citations?.[0]?.source.id])
  try {
    const tx = (date: string) => ({ date, item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'end-user', name: 'Gulf DC Co', country: 'AE' }] })
    assert.deepEqual(authFlags(json(await client.callTool({ name: 'check', arguments: { transaction: tx('2025-03-01') } }))), [['possible-coverage', 'authorisation:auth_uveu', 'fr-2025-00636']])
    assert.deepEqual(authFlags(json(await client.callTool({ name: 'check', arguments: { transaction: tx('2025-05-13') } }))), [['condition', 'authorisation-not-covering:auth_uveu', 'bis-2025-05-13-diffusion-rescission']])
    const access = (date: string) => ({ date, who: { kind: 'organisation', name: 'Tenant Co', country: 'AE' }, what: { kind: 'compute', item: { chip: 'nvidia-h100-sxm' }, quantity: 8 }, where: { country: 'AE', operator: { name: 'Gulf DC Co', country: 'AE' } } })
    assert.deepEqual(authFlags(json(await client.callTool({ name: 'check_access', arguments: { check: access('2025-03-01') } }))), [['possible-coverage', 'authorisation:auth_uveu', 'fr-2025-00636']])
    assert.deepEqual(authFlags(json(await client.callTool({ name: 'check_access', arguments: { check: access('2025-05-13') } }))), [['condition', 'authorisation-not-covering:auth_uveu', 'bis-2025-05-13-diffusion-rescission']])
    assert.deepEqual(asked, ['2025-03-01', '2025-05-13', '2025-03-01', '2025-05-13'])
    // a bad date is the tool's error (the store is not asked)
    const bad = await client.callTool({ name: 'check', arguments: { transaction: { ...tx('2025-03-01'), date: '2025-13-01' } } })
    assert.equal(bad.isError, true)
    assert.equal(asked.length, 4)
  } finally {
    await client.close()
    await server.close()
  }
})
