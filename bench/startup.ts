/**
 * CLI start-up (issue 15): each command run N times as a fresh process, reporting wall time (median, min)
 * and CPU time (user + sys, median, from /usr/bin/time) with the load average before and after.
 *
 *   node --import tsx bench/startup.ts [--runs 15] [--bin dist|src|<path to an installed bin>] [--home DIR] [--json]
 *
 * --bin dist (default) runs `node dist/cli/main.js` (build first: npm run build); --bin src runs the
 * sources through tsx (what `npx chipnav` did before the compiled build); any other value is run as the
 * chipnav executable, e.g. the pack-check install's node_modules/.bin/chipnav. `--home DIR` (a
 * CHIPNAV_HOME with lists imported) adds `screen` and `check` with a party; without it those are skipped.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const runs = Number(arg('runs') ?? 15)
const bin = arg('bin') ?? 'dist'
const home = arg('home')
const asJson = process.argv.includes('--json')

const launcher: string[] =
  bin === 'dist' ? [process.execPath, join(ROOT, 'dist/cli/main.js')] : bin === 'src' ? [process.execPath, '--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/main.ts')] : [bin]
if (bin === 'dist' && !existsSync(join(ROOT, 'dist/cli/main.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first (or pass --bin src)\n')
  process.exit(2)
}
const hasTime = existsSync('/usr/bin/time')

const scratch = mkdtempSync(join(tmpdir(), 'chipnav-startup-'))
// a transaction with parties to screen (examples/h100-to-uae.json)
const tx = join(ROOT, 'examples/h100-to-uae.json')
const cases: Array<{ name: string; args: string[]; needsHome?: boolean; target?: number }> = [
  { name: 'chipnav --version', args: ['--version'], target: 0.2 },
  { name: 'chipnav classify nvidia-a800', args: ['classify', 'nvidia-a800'], target: 0.4 },
  { name: 'chipnav chips', args: ['chips'] },
  { name: 'chipnav doctor', args: ['doctor'] },
  { name: 'chipnav screen "Huawei Technologies"', args: ['screen', 'Huawei Technologies'], needsHome: true, target: 0.5 },
  { name: 'chipnav check --file h100-to-uae.json', args: ['check', '--file', tx], needsHome: true, target: 0.6 },
]

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

// a fresh, empty home unless --home: the commands must not read or write the user's own
const env = { ...process.env, CHIPNAV_HOME: home ?? join(scratch, 'home') }
const loadBefore = loadavg()
const results = []
for (const c of cases) {
  if (c.needsHome && !home) continue
  const walls: number[] = []
  const cpus: number[] = []
  let exit: number | null = 0
  for (let i = 0; i < runs + 1; i++) {
    const cmd = hasTime ? ['/usr/bin/time', '-f', '%U %S', ...launcher, ...c.args] : [...launcher, ...c.args]
    const t0 = process.hrtime.bigint()
    const r = spawnSync(cmd[0]!, cmd.slice(1), { env, encoding: 'utf8', cwd: scratch })
    const wall = Number(process.hrtime.bigint() - t0) / 1e9
    exit = r.status
    if (i === 0) continue // the first run warms the file cache
    walls.push(wall)
    const times = hasTime ? r.stderr.trim().split('\n').at(-1)?.split(' ').map(Number) : undefined
    if (times && times.length === 2 && times.every(Number.isFinite)) cpus.push(times[0]! + times[1]!)
  }
  results.push({ command: c.name, runs, exit, wallMedian: median(walls), wallMin: Math.min(...walls), cpuMedian: cpus.length ? median(cpus) : null, target: c.target ?? null })
}
const loadAfter = loadavg()
rmSync(scratch, { recursive: true, force: true })

const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ')
if (asJson) process.stdout.write(`${JSON.stringify({ bin, node: process.version, loadBefore, loadAfter, results }, null, 2)}\n`)
else {
  process.stdout.write(`chipnav start-up, ${bin}, ${runs} runs each (after one warm-up), Node ${process.version}\n`)
  process.stdout.write(`load average before: ${load(loadBefore)}; after: ${load(loadAfter)}\n\n`)
  process.stdout.write(`${'command'.padEnd(40)} ${'wall med'.padStart(9)} ${'wall min'.padStart(9)} ${'cpu med'.padStart(8)} ${'target'.padStart(7)}  exit\n`)
  for (const r of results) {
    const s = (x: number | null) => (x === null ? '-' : `${x.toFixed(3)}`)
    process.stdout.write(`${r.command.padEnd(40)} ${s(r.wallMedian).padStart(9)} ${s(r.wallMin).padStart(9)} ${s(r.cpuMedian).padStart(8)} ${(r.target === null ? '' : `<= ${r.target}`).padStart(7)}  ${r.exit}\n`)
  }
  if (!home) process.stdout.write('\n(screen and check skipped: pass --home <a CHIPNAV_HOME with lists imported>)\n')
}
