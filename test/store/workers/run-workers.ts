/**
 * Starts `processes` copies of a worker script (each opens its own store: its own connections), waits
 * until each has printed `ready`, releases them together with `go` on stdin, and answers the JSON line
 * each prints last.
 */
import { spawn } from 'node:child_process'
import { REPO_ROOT } from '../../helpers/paths.js'

export async function runWorkers<R>(script: string, args: readonly string[], processes: number): Promise<R[]> {
  const children = Array.from({ length: processes }, () => spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] }))
  const outputs = children.map((c) => {
    let out = ''
    let err = ''
    c.stdout.on('data', (d: Buffer) => (out += d))
    c.stderr.on('data', (d: Buffer) => (err += d))
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (out.includes('ready\n') ? resolve() : undefined)
      c.stdout.on('data', check)
      c.on('exit', (code) => reject(new Error(`worker exited ${code} before ready: ${err}`)))
    })
    const done = new Promise<R>((resolve, reject) => c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n').filter(Boolean).pop()!) as R) : reject(new Error(`worker exited ${code}: ${err}`)))))
    return { ready, done }
  })
  await Promise.all(outputs.map((o) => o.ready))
  for (const c of children) c.stdin.write('go\n')
  return Promise.all(outputs.map((o) => o.done))
}
