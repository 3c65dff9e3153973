/**
 * Runs a command without blocking the event loop (the packaging test serves its local registry
 * from the same process), with a finite timeout that kills the whole process group. Resolves with
 * the output; rejects with the command, exit status and the output's tail.
 */
import { spawn } from 'node:child_process'

export interface RunOptions {
  cwd: string
  timeoutMs: number
  env?: NodeJS.ProcessEnv
}

export interface RunResult {
  stdout: string
  stderr: string
}

/**
 * `env` without the `npm_*` variables a package manager sets for the scripts it runs (`pnpm exec`
 * passes its own settings as `npm_config_*`): a child npm would warn about them, and a dapp
 * developer's shell has none.
 */
export function withoutPackageManagerSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)))
}

export function run(command: string, args: readonly string[], options: RunOptions) {
  return new Promise<RunResult>((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? withoutPackageManagerSettings(process.env),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    }, options.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0 && !timedOut) return resolvePromise({ stdout, stderr })
      const why = timedOut ? `timed out after ${options.timeoutMs} ms` : `exited ${code ?? signal}`
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n')
      reject(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) ${why}:\n${tail}`))
    })
  })
}
