/**
 * The data-directory lock: a live holder keeps it; a holder that is gone, a zombie (killed but
 * not yet reaped by its parent) or a pid now used by another program loses it (Linux /proc).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { processStat } from '@tessera/server-kit'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../../test/until.ts'
import { DataDirLockedError, lockDataDir } from './dirLock.ts'

const dirs: string[] = []
const children: ChildProcess[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'relay-lock-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/**
 * A shell that starts a short `sleep` in the background and execs a long one, which never reaps
 * it. The short one outlives the exec, so the shell itself cannot reap it first.
 */
async function zombie(): Promise<{ zombiePid: number; parent: ChildProcess }> {
  const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  children.push(parent)
  const zombiePid = await new Promise<number>((resolve) =>
    parent.stdout?.once('data', (c: Buffer) => resolve(Number(c.toString().trim()))),
  )
  await until(() => processStat(zombiePid)?.state === 'Z', 'the zombie', 10_000)
  return { zombiePid, parent }
}

async function sleeper(): Promise<number> {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' })
  children.push(child)
  await new Promise((resolve) => child.once('spawn', resolve))
  return child.pid as number
}

describe('data-directory lock', () => {
  it('records the holder pid and its start time', () => {
    const dir = tempDir()
    const release = lockDataDir(dir)
    const own = processStat(process.pid)
    expect(readFileSync(join(dir, 'mailbox.lock'), 'utf8')).toBe(
      `${process.pid} ${own?.startTime}\n`,
    )
    release()
  })

  it('takes over a lock held by a zombie', async () => {
    const { zombiePid } = await zombie()
    expect(processStat(zombiePid)?.state).toBe('Z')
    const dir = tempDir()
    writeFileSync(join(dir, 'mailbox.lock'), String(zombiePid))
    const release = lockDataDir(dir)
    expect(readFileSync(join(dir, 'mailbox.lock'), 'utf8').split(' ')[0]).toBe(String(process.pid))
    release()
  })

  it('takes over a lock whose pid now belongs to another program (start time differs)', async () => {
    const pid = await sleeper()
    const start = processStat(pid)?.startTime as number
    const dir = tempDir()
    writeFileSync(join(dir, 'mailbox.lock'), `${pid} ${start + 1}\n`)
    lockDataDir(dir)()
    // The same pid with its real start time is a live holder.
    writeFileSync(join(dir, 'mailbox.lock'), `${pid} ${start}\n`)
    expect(() => lockDataDir(dir)).toThrow(
      new DataDirLockedError(`data directory ${dir} is in use by process ${pid}`),
    )
  })

  it('keeps a lock in the old format (pid only) of a live process', async () => {
    const pid = await sleeper()
    const dir = tempDir()
    writeFileSync(join(dir, 'mailbox.lock'), String(pid))
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError)
  })
})
