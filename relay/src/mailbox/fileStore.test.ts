/**
 * The file engine: the shared mailbox contract, torn-line recovery and log compaction.
 */
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mailboxContract } from '../../test/mailboxContract.ts'
import { DataDirLockedError } from './dirLock.ts'
import { openFileStore } from './fileStore.ts'
import { messageId } from './messageId.ts'

const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'relay-file-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

mailboxContract('file', () => {
  const dir = tempDir()
  return {
    open: async () => openFileStore({ dir }),
    reopen: async () => openFileStore({ dir }),
  }
})

describe('file engine', () => {
  const T = 'cd'.repeat(32)
  const now = Date.now()
  const newMessage = (text: string) => ({
    id: messageId(T, text),
    topic: T,
    message: text,
    publishedAt: now,
    expiresAt: now + 60_000,
    sender: 'did:key:zA',
  })

  it('refuses a second open of a directory in use, and takes over a stale lock', async () => {
    const dir = tempDir()
    const s = openFileStore({ dir })
    expect(() => openFileStore({ dir })).toThrow(
      new DataDirLockedError(`data directory ${dir} is in use by process ${process.pid}`),
    )
    await s.close()
    // A lock left by a process that is gone (pid 2^22 + 1 is above Linux's pid_max default).
    writeFileSync(join(dir, 'mailbox.lock'), String(2 ** 22 + 1))
    const again = openFileStore({ dir })
    await again.close()
  })

  it('ignores a torn last line left by a crash mid-write', async () => {
    const dir = tempDir()
    const s = openFileStore({ dir })
    await s.append(newMessage('kept'), 10, now)
    await s.close()
    writeFileSync(join(dir, 'mailbox.log'), '{"t":"m","m":{"id', { flag: 'a' })
    const warnings: string[] = []
    const again = openFileStore({ dir, onWarning: (e) => warnings.push(e) })
    expect((await again.pending(T, 'did:key:zB', now, 10)).map((m) => m.message)).toEqual(['kept'])
    expect(warnings).toEqual(['mailbox_log_torn_tail_truncated'])
    await again.close()
  })

  it('keeps a record acknowledged after a torn tail through the next replay', async () => {
    const dir = tempDir()
    const s = openFileStore({ dir })
    await s.append(newMessage('before'), 10, now)
    await s.close()
    const log = join(dir, 'mailbox.log')
    const whole = statSync(log).size
    // A crash cut the next record mid-line (the cut record was never acknowledged).
    appendFileSync(log, '{"t":"m","m":{"id":"cut')
    const again = openFileStore({ dir })
    expect(statSync(log).size).toBe(whole)
    expect((await again.append(newMessage('after'), 10, now)).status).toBe('stored')
    await again.close()
    const third = openFileStore({ dir })
    expect((await third.pending(T, 'did:key:zB', now, 10)).map((m) => m.message)).toEqual([
      'before',
      'after',
    ])
    await third.close()
  })

  it('still counts and skips a corrupt line in the middle of the log', async () => {
    const dir = tempDir()
    const s = openFileStore({ dir })
    await s.append(newMessage('one'), 10, now)
    await s.close()
    appendFileSync(join(dir, 'mailbox.log'), 'not json\n')
    const s2 = openFileStore({ dir })
    await s2.append(newMessage('two'), 10, now)
    await s2.close()
    const warnings: [string, Record<string, unknown>][] = []
    const again = openFileStore({ dir, onWarning: (e, f) => warnings.push([e, f]) })
    expect((await again.pending(T, 'did:key:zB', now, 10)).map((m) => m.message)).toEqual([
      'one',
      'two',
    ])
    expect(warnings).toEqual([['mailbox_log_lines_skipped', { skipped: 1 }]])
    await again.close()
  })

  it('replays a log larger than the largest string, line by line', async () => {
    const dir = tempDir()
    const s = openFileStore({ dir })
    await s.append(newMessage('first'), 10, now)
    await s.close()
    const log = join(dir, 'mailbox.log')
    // A sparse hole of NUL bytes (no disk blocks) makes the log longer than V8's string limit;
    // a record after it must still be found, and the oversized garbage line skipped.
    const record = readFileSync(log, 'utf8').split('\n')[0] as string
    const last = record
      .replace(messageId(T, 'first'), messageId(T, 'last'))
      .replace('"first"', '"last"')
    truncateSync(log, statSync(log).size + 520 * 1024 * 1024)
    appendFileSync(log, `\n${last}\n`)
    const warnings: string[] = []
    const again = openFileStore({ dir, onWarning: (e) => warnings.push(e) })
    expect((await again.pending(T, 'did:key:zB', now, 10)).map((m) => m.message)).toEqual([
      'first',
      'last',
    ])
    expect(warnings).toEqual(['mailbox_log_lines_skipped'])
    await again.close()
  }, 60_000)

  it('compacts the log once most records are dead, keeping live state', async () => {
    const dir = tempDir()
    const s = openFileStore({ dir, compactAfterRecords: 200 })
    await s.subscribe(T, 'did:key:zB', now + 60_000)
    for (let i = 0; i < 300; i++) {
      const r = await s.append(newMessage(`m${i}`), 1000, now)
      if (r.status === 'stored' && i !== 299) await s.ack(T, r.message.id, 'did:key:zB')
    }
    await s.close()
    const lines = readFileSync(join(dir, 'mailbox.log'), 'utf8').trim().split('\n')
    expect(lines.length).toBeLessThan(300)
    expect(statSync(join(dir, 'mailbox.log')).size).toBeGreaterThan(0)
    const again = openFileStore({ dir })
    expect((await again.pending(T, 'did:key:zB', now, 10)).map((m) => m.message)).toEqual(['m299'])
    await again.close()
  })
})
