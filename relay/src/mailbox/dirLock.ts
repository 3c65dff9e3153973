/**
 * One relay process per data directory: a `mailbox.lock` file holding the owner's pid, created
 * exclusively. A lock left by a process that no longer exists (a crash, SIGKILL) is taken over;
 * a live owner makes the second process fail with a precise error instead of interleaving two
 * writers in one log.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock of `dir`; returns its release function. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'mailbox.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(readFileSync(path, 'utf8'))
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new DataDirLockedError(`data directory ${dir} is in use by process ${owner}`)
      }
      // Stale (its process is gone) or unreadable: remove it and try once more.
      rmSync(path, { force: true })
    }
  }
  throw new DataDirLockedError(`could not lock data directory ${dir}`)
}
