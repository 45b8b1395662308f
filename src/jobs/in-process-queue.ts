/**
 * Jobs in the server process (SQLite): an in-memory queue per job name with retries and back-off. Jobs do
 * not survive a restart; what they act on does (re-screen runs, pending deliveries), and the monitor picks
 * it up again at start (unfinished chunks, due deliveries).
 */
import { backoffSeconds, type JobHandler, type JobName, type JobOptions, type JobQueue } from './job-queue.js'

type Queued = { id: string; name: JobName; data: object; options: JobOptions; attempt: number; notBefore: number }

export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const
  readonly #queue: Queued[] = []
  readonly #handlers = new Map<JobName, { handler: JobHandler<any>; concurrency: number; running: number }>()
  readonly #keys = new Set<string>()
  readonly #timers = new Set<NodeJS.Timeout>()
  readonly #idleWaiters: (() => void)[] = []
  readonly #onError: (e: unknown, job: { name: string; attempt: number; willRetry: boolean }) => void
  #seq = 0
  #isStopped = false

  constructor(options: { onError?: (e: unknown, job: { name: string; attempt: number; willRetry: boolean }) => void } = {}) {
    this.#onError = options.onError ?? (() => undefined)
  }

  async send<T extends object>(name: JobName, data: T, options: JobOptions = {}): Promise<void> {
    if (this.#isStopped) return
    if (options.singletonKey !== undefined) {
      const key = `${name}\u0000${options.singletonKey}`
      if (this.#keys.has(key)) return
      this.#keys.add(key)
    }
    this.#push({ id: `job-${++this.#seq}`, name, data, options, attempt: 0, notBefore: Date.now() + (options.startAfterSeconds ?? 0) * 1000 })
  }

  async sendMany<T extends object>(name: JobName, jobs: { data: T; options?: JobOptions }[]): Promise<void> {
    for (const j of jobs) await this.send(name, j.data, j.options)
  }

  async work<T>(name: JobName, handler: JobHandler<T>, options: { concurrency?: number } = {}): Promise<void> {
    this.#handlers.set(name, { handler: handler as JobHandler<any>, concurrency: Math.max(1, options.concurrency ?? 1), running: 0 })
    this.#pump()
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  async stop(): Promise<void> {
    this.#isStopped = true
    for (const t of this.#timers) clearTimeout(t)
    this.#timers.clear()
    this.#queue.length = 0
    while ([...this.#handlers.values()].some((h) => h.running > 0)) await new Promise((r) => setTimeout(r, 10))
    this.#wakeIdle()
  }

  #isIdle(): boolean {
    return this.#queue.length === 0 && this.#timers.size === 0 && [...this.#handlers.values()].every((h) => h.running === 0)
  }

  #wakeIdle(): void {
    if (!this.#isIdle() && !this.#isStopped) return
    for (const w of this.#idleWaiters.splice(0)) w()
  }

  #push(job: Queued): void {
    const wait = job.notBefore - Date.now()
    if (wait > 0) {
      const t = setTimeout(() => {
        this.#timers.delete(t)
        this.#queue.push(job)
        this.#pump()
      }, wait)
      this.#timers.add(t)
      return
    }
    this.#queue.push(job)
    this.#pump()
  }

  #pump(): void {
    if (this.#isStopped) return
    for (let i = 0; i < this.#queue.length; ) {
      const job = this.#queue[i]!
      const h = this.#handlers.get(job.name)
      if (!h || h.running >= h.concurrency) {
        i++
        continue
      }
      this.#queue.splice(i, 1)
      h.running++
      void this.#run(job, h)
    }
    this.#wakeIdle()
  }

  async #run(job: Queued, h: { handler: JobHandler<any>; running: number }): Promise<void> {
    try {
      await h.handler(job.data, { id: job.id, attempt: job.attempt })
      if (job.options.singletonKey !== undefined) this.#keys.delete(`${job.name}\u0000${job.options.singletonKey}`)
    } catch (e) {
      const limit = job.options.retryLimit ?? 5
      const willRetry = job.attempt < limit && !this.#isStopped
      this.#onError(e, { name: job.name, attempt: job.attempt, willRetry })
      if (willRetry) {
        const attempt = job.attempt + 1
        this.#push({ ...job, attempt, notBefore: Date.now() + backoffSeconds(attempt, job.options.retryDelaySeconds ?? 5) * 1000 })
      } else if (job.options.singletonKey !== undefined) this.#keys.delete(`${job.name}\u0000${job.options.singletonKey}`)
    } finally {
      h.running--
      this.#pump()
    }
  }
}
