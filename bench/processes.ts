import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** A free port on loopback, found by letting the kernel choose one. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface Started {
  readonly child: ChildProcess
  readonly url: string
  /** Milliseconds from spawning the process to its first 200 from /health/ready. */
  readonly readyMs: number
}

const children = new Set<ChildProcess>()
// A benchmark that fails half-way leaves no server behind.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** Spawns a server and polls its readiness probe every 5 ms; its output is read and dropped. */
export async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const began = performance.now()
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  child.stdout!.resume()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`)
    const ready = await fetch(`${url}/health/ready`).then((response) => response.status === 200, () => false)
    if (ready) return { child, url, readyMs: performance.now() - began }
    if (performance.now() - began > 20_000) throw new Error(`${args.join(' ')} was not ready after 20 s`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Resident memory of a process now and at its peak, in MiB (Linux /proc; null elsewhere). */
export function memory(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1])
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
  } catch {
    return null
  }
}
