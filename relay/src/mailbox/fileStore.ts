/**
 * The embedded mailbox engine: the state lives in memory (MemoryIndex) and every change is
 * appended as one JSON line to `mailbox.log` in the data directory, written before the call
 * resolves, so a killed process loses nothing it acknowledged. The log is replayed on open and
 * rewritten (compacted) once most of it is dead. Never writes message contents anywhere but the
 * log; never keeps more than one log file open.
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { MemoryIndex } from './memoryIndex.ts'
import type { AppendResult, MailboxMessage, MailboxStore, NewMessage } from './types.ts'

export interface FileStoreOptions {
  dir: string
  /** fdatasync the log at most this often (ms); 0 syncs on every write batch. */
  fsyncIntervalMs?: number
  /** Compact once at least this many records were written and most are dead. */
  compactAfterRecords?: number
  onWarning?: (event: string, fields: Record<string, unknown>) => void
}

type LogRecord =
  | { t: 's'; topic: string; c: string; x: number }
  | { t: 'u'; topic: string; c: string }
  | { t: 'm'; m: MailboxMessage; r: string[]; a?: string[] }
  | { t: 'a'; topic: string; id: string; c: string }

const LOG_NAME = 'mailbox.log'

export function openFileStore(options: FileStoreOptions): MailboxStore {
  mkdirSync(options.dir, { recursive: true })
  const path = join(options.dir, LOG_NAME)
  const index = new MemoryIndex()
  const warn = options.onWarning ?? (() => {})
  let recordsSinceCompaction = replay(path, index, warn)
  let fd = openSync(path, 'a')
  let buffer: string[] = []
  let waiters: (() => void)[] = []
  let scheduled = false
  let dirty = false
  let closed = false
  const compactAfter = options.compactAfterRecords ?? 50_000
  const fsyncMs = options.fsyncIntervalMs ?? 1000
  let nextCompactionAt = compactAfter

  // Batching: every record written in one turn of the event loop goes out in one write(2).
  const flush = (): void => {
    scheduled = false
    if (buffer.length === 0) return
    const data = buffer.join('')
    const done = waiters
    buffer = []
    waiters = []
    writeSync(fd, data)
    dirty = true
    if (fsyncMs === 0) syncNow()
    for (const resolve of done) resolve()
    if (recordsSinceCompaction > nextCompactionAt) {
      // Counting live records walks the index, so it runs only when the log has grown a lot.
      const live = liveRecords()
      if (recordsSinceCompaction > 4 * live) compact()
      nextCompactionAt = Math.max(compactAfter, recordsSinceCompaction * 2, live * 4)
    }
  }

  const write = (record: LogRecord): Promise<void> => {
    if (closed) return Promise.reject(new Error('mailbox store is closed'))
    buffer.push(`${JSON.stringify(record)}\n`)
    recordsSinceCompaction++
    if (!scheduled) {
      scheduled = true
      queueMicrotask(flush)
    }
    return new Promise((resolve) => waiters.push(resolve))
  }

  const syncNow = (): void => {
    if (!dirty) return
    fdatasyncSync(fd)
    dirty = false
  }

  const liveRecords = (): number => {
    let n = 0
    for (const _ of index.snapshot()) n++
    return n
  }

  const compact = (): void => {
    const tmp = `${path}.tmp`
    const out = openSync(tmp, 'w')
    let lines: string[] = []
    let count = 0
    const drain = (): void => {
      writeSync(out, lines.join(''))
      lines = []
    }
    for (const item of index.snapshot()) {
      const record: LogRecord =
        item.kind === 'sub'
          ? { t: 's', topic: item.topic, c: item.clientId, x: item.expiresAt }
          : { t: 'm', m: item.message, r: item.required, a: item.acked }
      lines.push(`${JSON.stringify(record)}\n`)
      count++
      if (lines.length >= 1000) drain()
    }
    drain()
    fsyncSync(out)
    closeSync(out)
    closeSync(fd)
    // rename(2) is atomic: a crash leaves either the old log or the complete new one.
    renameSync(tmp, path)
    fd = openSync(path, 'a')
    dirty = false
    recordsSinceCompaction = count
  }

  // Periodic syncs run on the libuv thread pool: a slow disk must not stall every client.
  let syncing = false
  const syncInBackground = (): void => {
    if (closed || syncing || !dirty) return
    syncing = true
    dirty = false
    fdatasync(fd, () => {
      syncing = false
    })
  }
  const timer = fsyncMs > 0 ? setInterval(syncInBackground, fsyncMs).unref() : undefined

  return {
    engine: 'file',
    async subscribe(topic, clientId, expiresAt) {
      index.subscribe(topic, clientId, expiresAt)
      await write({ t: 's', topic, c: clientId, x: expiresAt })
    },
    async unsubscribe(topic, clientId) {
      index.unsubscribe(topic, clientId)
      await write({ t: 'u', topic, c: clientId })
    },
    async append(input: NewMessage, maxDepth: number, now: number): Promise<AppendResult> {
      const refused = index.precheck(input, maxDepth, now)
      if (refused !== undefined) return refused
      const message: MailboxMessage = { ...input, seq: index.nextSeq(input.topic) }
      const required = index.requiredFor(input.topic, input.sender, now)
      index.insert(message, required)
      await write({ t: 'm', m: message, r: required })
      // precheck already expired what it had to; size is the depth without another pass.
      return { status: 'stored', message, depth: index.size(input.topic) }
    },
    async pending(topic, clientId, now, limit) {
      return index.pending(topic, clientId, now, limit)
    },
    async ack(topic, id, clientId) {
      if (index.ack(topic, id, clientId)) await write({ t: 'a', topic, id, c: clientId })
    },
    async depth(topic, now) {
      return index.depth(topic, now)
    },
    async sweep(now) {
      return index.sweep(now)
    },
    count() {
      return index.messageCount
    },
    async ping() {
      if (closed) throw new Error('mailbox store is closed')
      statSync(path)
    },
    async close() {
      if (closed) return
      flush()
      syncNow()
      closed = true
      if (timer !== undefined) clearInterval(timer)
      closeSync(fd)
    },
  }
}

/** Replays the log into `index`; returns how many records it held. */
function replay(
  path: string,
  index: MemoryIndex,
  warn: (event: string, fields: Record<string, unknown>) => void,
): number {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  const lines = text.split('\n')
  let records = 0
  let skipped = 0
  for (const line of lines) {
    if (line === '') continue
    let record: LogRecord
    try {
      record = JSON.parse(line) as LogRecord
    } catch {
      // A torn last line from a crash mid-write; any other bad line is counted and skipped.
      skipped++
      continue
    }
    records++
    if (record.t === 's') index.subscribe(record.topic, record.c, record.x)
    else if (record.t === 'u') index.unsubscribe(record.topic, record.c)
    else if (record.t === 'm') index.insert(record.m, record.r, record.a ?? [])
    else if (record.t === 'a') index.ack(record.topic, record.id, record.c)
  }
  if (skipped > 0) warn('mailbox_log_lines_skipped', { skipped })
  return records
}
