/**
 * One relay process per data directory: a `mailbox.lock` file created exclusively, holding the
 * owner's pid and, on Linux, its start time (`/proc/<pid>/stat` field 22). A lock is taken over
 * when its holder is gone: no such process, a zombie (killed but not yet reaped — `kill(pid, 0)`
 * still succeeds on those, so a supervisor restarting a whole process group would otherwise be
 * locked out), or a pid reused by another program (its start time differs). A live owner makes
 * the second process fail with a precise error instead of interleaving two writers in one log.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { processStat } from '@tessera/server-kit'

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
}

/** Parses `<pid>[ <startTime>]`; the start time is absent in locks written by older relays. */
function parseLock(text: string): { pid: number; startTime?: number } | undefined {
  const match = /^(\d+)(?: (\d+))?\n?$/.exec(text)
  if (match === null) return undefined
  const pid = Number(match[1])
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined
  return match[2] === undefined ? { pid } : { pid, startTime: Number(match[2]) }
}

function holds(lock: { pid: number; startTime?: number }): boolean {
  const proc = processStat(lock.pid)
  if (proc !== undefined) {
    if (proc.state === 'Z' || proc.state === 'X') return false
    return lock.startTime === undefined || lock.startTime === proc.startTime
  }
  // No /proc entry: either the process is gone or this system has no /proc.
  try {
    process.kill(lock.pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock of `dir`; returns its release function. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'mailbox.lock')
  const own = processStat(process.pid)
  const content = own === undefined ? `${process.pid}\n` : `${process.pid} ${own.startTime}\n`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, content)
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const lock = parseLock(readFileSync(path, 'utf8'))
      if (lock !== undefined && holds(lock)) {
        throw new DataDirLockedError(`data directory ${dir} is in use by process ${lock.pid}`)
      }
      // Stale (its process is gone, a zombie or another program) or unreadable: take it over.
      rmSync(path, { force: true })
    }
  }
  throw new DataDirLockedError(`could not lock data directory ${dir}`)
}
