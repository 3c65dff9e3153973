/**
 * Test helper: runs the relay as a real child process (`src/main.ts` through tsx), waits for its
 * `relay_started` log line, and kills it (SIGKILL for crash tests, SIGTERM for graceful stops).
 * Test-only; every process it starts is killed by `stop()` or `kill()`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const RELAY_DIR = fileURLToPath(new URL('..', import.meta.url))
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))

export interface RelayProcess {
  url: string
  port: number
  pid: number
  child: ChildProcess
  kill(signal?: NodeJS.Signals): Promise<number | null>
}

export async function spawnRelay(flags: string[], deadlineMs = 15_000): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', MAIN, ...flags],
    {
      cwd: RELAY_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RELAY_LOG_LEVEL: 'info' },
    },
  )
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-2000)
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`relay did not start before the deadline: ${stderr}`))
    }, deadlineMs)
    let buffered = ''
    child.stdout?.on('data', (c: Buffer) => {
      buffered += c.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const entry = JSON.parse(line) as { event?: string; url?: string }
        if (entry.event === 'relay_started' && entry.url !== undefined) {
          clearTimeout(timer)
          resolve(entry.url)
        }
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`relay exited with ${code} before starting: ${stderr}`))
    })
  })
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid as number,
    child,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Resident set size of a process in MB, from /proc (Linux). */
export async function rssMB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
  return kb / 1024
}
