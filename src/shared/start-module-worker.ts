/**
 * Start a worker thread on a module of this package. Compiled (dist/*.js) the worker runs the module
 * directly. From the sources (*.ts, run through tsx), Node 20 does not apply `--import tsx` to worker
 * threads, so the worker starts from a small JavaScript shim that registers tsx's loader (resolved from
 * this file, so any working directory works) and then imports the module.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

export function startModuleWorker(moduleUrl: string, workerData: unknown): Worker {
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(moduleUrl), { workerData })
  // the ESM build of tsx's API (require.resolve would give the CommonJS one)
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const shim = `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(moduleUrl)}) })()`
  return new Worker(shim, { eval: true, workerData })
}
