/**
 * Test-only: a server's command run as an operator runs it — a real child process, its output
 * collected to its end — its JSON log lines parsed, and a loopback port held by another server
 * (for "port in use"). A process that never exits is failed by the calling test's deadline.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'

export interface ProcessRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `command args` in `cwd` with exactly `env`, to its exit. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString()
    })
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Each non-empty line of `text` as a JSON object (a log line). */
export const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

/** A port on 127.0.0.1 that a server holds until `close()`. */
export async function holdPort(): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
