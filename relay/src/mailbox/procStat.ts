/**
 * Reads a process's state and start time from `/proc/<pid>/stat` (Linux, proc(5)): field 3 is
 * the state (`Z` for a zombie), field 22 the start time in clock ticks since boot. Returns
 * undefined when the process does not exist or /proc is unavailable (other systems).
 */
import { readFileSync } from 'node:fs'

export interface ProcessState {
  state: string
  startTime: number
}

export function processState(pid: number): ProcessState | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // Field 2 (the command name, in parentheses) may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const state = fields[0]
  const startTime = Number(fields[19])
  if (state === undefined || !Number.isSafeInteger(startTime)) return undefined
  return { state, startTime }
}
