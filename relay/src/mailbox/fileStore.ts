/**
 * The embedded mailbox engine: the state lives in memory (MemoryIndex) and every change is
 * appended as one JSON line to `mailbox.log` in the data directory (`appendLog.ts`), written
 * before the call resolves, so a killed process loses nothing it acknowledged. The log is
 * replayed on open line by line (`logLines.ts`, bounded memory), a torn last line (a write cut
 * by a crash) is truncated away before anything is appended, and the log is rewritten
 * (compacted) once most of it is dead. Stored bytes are capped per topic, per sender and in
 * total, and subscriptions in total, so neither memory nor the log grows without bound. Never
 * writes message contents anywhere but the log; never keeps more than one log file open.
 */
import { mkdirSync, truncateSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { openAppendLog } from './appendLog.ts'
import { lockDataDir } from './dirLock.ts'
import { scanLogLines } from './logLines.ts'
import { MemoryIndex } from './memoryIndex.ts'
import type { AppendResult, MailboxMessage, MailboxQuota, MailboxStore } from './types.ts'

export interface FileStoreOptions {
  dir: string
  /** fdatasync the log at most this often (ms); 0 syncs on every write batch. */
  fsyncIntervalMs?: number
  /** Compact once at least this many records were written and most are dead. */
  compactAfterRecords?: number
  /** Caps on stored message bytes; none when absent. */
  quota?: MailboxQuota
  /** Cap on stored subscriptions; none when absent. */
  maxSubscriptions?: number
  /** Longest log line replayed; longer ones are skipped as corrupt (default 16 MiB). */
  maxRecordBytes?: number
  onWarning?: (event: string, fields: Record<string, unknown>) => void
  /** Clock in ms (default `Date.now`): subscription expiry and acks read it. */
  now?: () => number
}

type LogRecord =
  | { t: 's'; topic: string; c: string; x: number }
  | { t: 'u'; topic: string; c: string }
  | { t: 'm'; m: MailboxMessage; r: string[]; a?: string[] }
  | { t: 'a'; topic: string; id: string; c: string }

const LOG_NAME = 'mailbox.log'

export function openFileStore(options: FileStoreOptions): MailboxStore {
  mkdirSync(options.dir, { recursive: true })
  const unlock = lockDataDir(options.dir)
  const path = join(options.dir, LOG_NAME)
  const index = new MemoryIndex()
  const warn = options.onWarning ?? (() => {})
  const now = options.now ?? Date.now
  const initialRecords = replay(
    path,
    index,
    options.maxRecordBytes ?? 16 * 1024 * 1024,
    warn,
    now(),
  )
  const maxSubscriptions = options.maxSubscriptions ?? Number.POSITIVE_INFINITY
  const toLine = (record: LogRecord): string => `${JSON.stringify(record)}\n`
  const log = openAppendLog({
    path,
    fsyncIntervalMs: options.fsyncIntervalMs ?? 1000,
    initialRecords,
    compactAfterRecords: options.compactAfterRecords ?? 50_000,
    *snapshot() {
      for (const item of index.snapshot()) {
        yield toLine(
          item.kind === 'sub'
            ? { t: 's', topic: item.topic, c: item.clientId, x: item.expiresAt }
            : { t: 'm', m: item.message, r: item.required, a: item.acked },
        )
      }
    },
    liveCount: () => {
      let n = 0
      for (const _ of index.snapshot()) n++
      return n
    },
  })
  let closed = false
  const write = (record: LogRecord): Promise<void> => log.append(toLine(record))

  return {
    engine: 'file',
    async subscribe(topic, clientId, expiresAt) {
      if (
        !index.isSubscribed(topic, clientId) &&
        !index.roomForSubscription(maxSubscriptions, now())
      ) {
        return 'full'
      }
      index.subscribe(topic, clientId, expiresAt)
      await write({ t: 's', topic, c: clientId, x: expiresAt })
      return 'subscribed'
    },
    async unsubscribe(topic, clientId) {
      index.unsubscribe(topic, clientId)
      await write({ t: 'u', topic, c: clientId })
    },
    async append(input, maxDepth, now, onAccepted): Promise<AppendResult> {
      const refused = index.precheck(input, maxDepth, now, options.quota)
      if (refused !== undefined) return refused
      const message: MailboxMessage = { ...input, seq: index.nextSeq(input.topic) }
      const required = index.requiredFor(input.topic, input.sender, now)
      index.insert(message, required)
      onAccepted?.(message)
      await write({ t: 'm', m: message, r: required })
      // precheck already expired what it had to; size is the depth without another pass.
      return { status: 'stored', message, depth: index.size(input.topic) }
    },
    async pending(topic, clientId, now, limit, afterSeq = 0) {
      return index.pending(topic, clientId, now, limit, afterSeq)
    },
    async ack(topic, id, clientId) {
      if (index.ack(topic, id, clientId, now())) await write({ t: 'a', topic, id, c: clientId })
    },
    async depth(topic, now) {
      return index.depth(topic, now)
    },
    async sweep(now) {
      return index.sweep(now)
    },
    usage() {
      return index.usage()
    },
    async ping() {
      if (closed) throw new Error('mailbox store is closed')
      await stat(path)
    },
    async close() {
      if (closed) return
      closed = true
      await log.close()
      unlock()
    },
  }
}

/**
 * Replays the log into `index`, line by line; returns how many records it held. Bytes after the
 * last newline are a record whose write was cut (SIGKILL, power loss): never acknowledged, so
 * they are truncated away, or the next append would join them and be lost on the next replay.
 */
function replay(
  path: string,
  index: MemoryIndex,
  maxRecordBytes: number,
  warn: (event: string, fields: Record<string, unknown>) => void,
  now: number,
): number {
  let records = 0
  let skipped = 0
  const scan = scanLogLines(path, maxRecordBytes, (line) => {
    let record: LogRecord
    try {
      record = JSON.parse(line) as LogRecord
    } catch {
      skipped++
      return
    }
    records++
    if (record.t === 's') index.subscribe(record.topic, record.c, record.x)
    else if (record.t === 'u') index.unsubscribe(record.topic, record.c)
    else if (record.t === 'm') index.insert(record.m, record.r, record.a ?? [])
    else if (record.t === 'a') index.ack(record.topic, record.id, record.c, now)
  })
  skipped += scan.oversized
  if (skipped > 0) warn('mailbox_log_lines_skipped', { skipped })
  if (scan.completeBytes < scan.totalBytes) {
    truncateSync(path, scan.completeBytes)
    warn('mailbox_log_torn_tail_truncated', { bytes: scan.totalBytes - scan.completeBytes })
  }
  return records
}
