/**
 * `/proc/<pid>/stat` as read here, against what Node and a child process say of themselves: the
 * command name, the state, CPU time that grows with work done, the start time that does not
 * move, and nothing for a process that is gone.
 */
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { commandCpuMs, processStat } from './processStat.ts'

test('this process: its CPU time grows with work and its start time stays', () => {
  const before = processStat(process.pid)
  expect(before).toBeDefined()
  expect(before?.state).toMatch(/^[RS]$/)
  const until = process.cpuUsage().user + 60_000 // 60 ms of user time
  let x = 0
  while (process.cpuUsage().user < until) x += Math.sqrt(x + 1)
  const after = processStat(process.pid)
  expect(after?.startTime).toBe(before?.startTime)
  expect((after?.cpuMs ?? 0) - (before?.cpuMs ?? 0)).toBeGreaterThanOrEqual(40)
  expect(x).toBeGreaterThan(0)
})

test('a command name with spaces and parentheses is read whole; the fields after it still parse', async () => {
  // The kernel names a process after the file it executes: a link to `sleep` with such a name.
  const dir = mkdtempSync(join(tmpdir(), 'process-stat-'))
  const name = 'a b) (c'
  symlinkSync(execFileSync('which', ['sleep'], { encoding: 'utf8' }).trim(), join(dir, name))
  // 'spawn' is emitted once the child has exec'd.
  const child = spawn(join(dir, name), ['30'], { stdio: 'ignore' })
  await once(child, 'spawn')
  try {
    const stat = processStat(child.pid as number)
    expect(stat?.command).toBe(name)
    expect(stat?.state).toMatch(/^[RS]$/) // running or already asleep
    expect(stat?.cpuMs).toBeGreaterThanOrEqual(0)
    expect(stat?.startTime).toBeGreaterThanOrEqual(processStat(process.pid)?.startTime ?? 0)
    expect(commandCpuMs(name)).toBe(stat?.cpuMs)
  } finally {
    child.kill('SIGKILL')
    await once(child, 'exit')
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a process that is gone, and a command nobody runs, read as undefined', async () => {
  const child = spawn('true', { stdio: 'ignore' })
  await once(child, 'exit')
  // Reaped by Node on exit: its /proc entry is gone.
  expect(processStat(child.pid as number)).toBeUndefined()
  expect(commandCpuMs('no-such-command-here')).toBeUndefined()
})
