/**
 * Test utility: a REAL co-signer process — `node --conditions=source --import tsx src/main.ts`
 * as a child process (the server itself, no launcher between: `pid` is the co-signer's and its
 * exit is the server's), PGlite in a fresh temporary directory, port 0, configuration from the
 * environment exactly as an operator gives it. Resolves once the process logged
 * `cosigner_started` (with a deadline); `stop()` sends SIGTERM, waits for the exit (SIGKILL after
 * a deadline) and removes the directory; `crash()` is a SIGKILL (no shutdown code runs), resolved
 * once the process is gone, its port closed. Stdout/stderr are kept for failure messages.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface SpawnedCosigner {
  url: string
  mpcUrl: string
  noiseStaticKey: string
  pid: number
  output: string[]
  stop(): Promise<number | null>
  /** Resolves with the first log line (now or later) `match` accepts; rejects at the deadline. */
  waitForLine(match: (line: string) => boolean, deadlineMs?: number): Promise<string>
  /** SIGKILL, as a crash: resolves with the signal once the process has exited (its port closed). */
  crash(): Promise<NodeJS.Signals | null>
}

function exited(child: ChildProcess) {
  return new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
}

export async function spawnCosigner(
  env: Record<string, string>,
  deadlineMs = 30_000,
): Promise<SpawnedCosigner> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cosigner-e2e-'))
  // Not the tsx launcher, which runs the server in a child of its own: its exit could be
  // reported while the server still held its port, and a request sent then was reset.
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: PACKAGE_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      COSIGNER_HOST: '127.0.0.1',
      COSIGNER_PORT: '0',
      COSIGNER_STORAGE: 'pglite',
      COSIGNER_DATA_DIR: dataDir,
      COSIGNER_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a crash kills the whole group (with `--workers`, the workers too).
    detached: true,
  })
  const output: string[] = []
  const gone = exited(child)
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 10_000)
      await gone
      clearTimeout(timer)
    }
    await rm(dataDir, { recursive: true, force: true })
    return child.exitCode
  }
  try {
    const started = await new Promise<{ url: string; noiseStaticKey: string }>(
      (resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no cosigner_started within ${deadlineMs} ms:\n${output.join('')}`)),
          deadlineMs,
        )
        let buffer = ''
        child.stdout?.on('data', (data: Buffer) => {
          output.push(data.toString())
          buffer += data.toString()
          let newline = buffer.indexOf('\n')
          while (newline >= 0) {
            const line = buffer.slice(0, newline)
            buffer = buffer.slice(newline + 1)
            newline = buffer.indexOf('\n')
            if (!line.includes('"event":"cosigner_started"')) continue
            clearTimeout(timer)
            resolve(JSON.parse(line))
          }
        })
        child.stderr?.on('data', (data: Buffer) => output.push(data.toString()))
        void gone.then((code) => {
          clearTimeout(timer)
          reject(new Error(`the co-signer exited with ${code}:\n${output.join('')}`))
        })
      },
    )
    return {
      url: started.url,
      mpcUrl: `${started.url.replace(/^http/, 'ws')}/v1/mpc`,
      noiseStaticKey: started.noiseStaticKey,
      pid: child.pid as number,
      output,
      stop,
      waitForLine(match, waitMs = 10_000) {
        return new Promise<string>((resolve, reject) => {
          const find = () => output.join('').split('\n').find(match)
          const check = () => {
            const line = find()
            if (line === undefined) return
            clearTimeout(timer)
            child.stdout?.off('data', check)
            resolve(line)
          }
          const timer = setTimeout(() => {
            child.stdout?.off('data', check)
            reject(new Error(`no matching log line within ${waitMs} ms:\n${output.join('')}`))
          }, waitMs)
          child.stdout?.on('data', check)
          check()
        })
      },
      async crash() {
        process.kill(-(child.pid as number), 'SIGKILL')
        await gone
        return child.signalCode
      },
    }
  } catch (error) {
    await stop()
    throw error
  }
}
