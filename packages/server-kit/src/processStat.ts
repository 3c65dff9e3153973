/**
 * A process's line of `/proc/<pid>/stat` (Linux, proc(5)): its command name (field 2), state
 * (field 3, `Z` for a zombie), CPU time (fields 14 and 15, user and system) and start time
 * (field 22, clock ticks since boot). The relay's data-directory lock tells a live holder from a
 * dead one with it; the benchmarks read the CPU of processes they did not start (the database's).
 * Undefined where /proc is missing (other systems) or the process is gone.
 */
import { readdirSync, readFileSync } from 'node:fs'

export interface ProcessStat {
  /** The command name (at most 15 characters, as the kernel keeps it). */
  command: string
  state: string
  /** User + system CPU time so far, ms. */
  cpuMs: number
  /** Start time, clock ticks since boot: with the pid, names one process for good. */
  startTime: number
}

/** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux architecture Node runs on. */
const TICK_MS = 10

export function processStat(pid: number | string): ProcessStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name is in parentheses and may itself hold spaces and parentheses.
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < open) return undefined
  const fields = text.slice(close + 2).split(' ')
  const state = fields[0]
  const [utime, stime, startTime] = [fields[11], fields[12], fields[19]].map(Number)
  if (
    state === undefined ||
    !Number.isSafeInteger(utime) ||
    !Number.isSafeInteger(stime) ||
    !Number.isSafeInteger(startTime)
  )
    return undefined
  return {
    command: text.slice(open + 1, close),
    state,
    cpuMs: ((utime as number) + (stime as number)) * TICK_MS,
    startTime: startTime as number,
  }
}

/**
 * The CPU ms so far of every process whose command name is `command` (`postgres`: a server's
 * backends and its own writers), or undefined when /proc is missing or no such process runs.
 */
export function commandCpuMs(command: string): number | undefined {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))
  } catch {
    return undefined
  }
  let total: number | undefined
  for (const pid of pids) {
    const stat = processStat(pid) // undefined when it exited meanwhile
    if (stat?.command === command) total = (total ?? 0) + stat.cpuMs
  }
  return total
}
