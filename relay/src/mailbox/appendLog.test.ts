/**
 * The append log: ordered group commits, close semantics, and compaction that keeps live lines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openAppendLog } from './appendLog.ts'

const dir = mkdtempSync(join(tmpdir(), 'relay-log-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('append log', () => {
  it('writes every line in order across batches, syncing each batch when asked', async () => {
    const path = join(dir, 'a.log')
    const log = openAppendLog({
      path,
      fsyncIntervalMs: 0,
      initialRecords: 0,
      compactAfterRecords: 1e9,
      snapshot: () => [],
      liveCount: () => 0,
    })
    const writes: Promise<void>[] = []
    for (let i = 0; i < 500; i++) {
      writes.push(log.append(`${i}\n`))
      if (i % 100 === 0) await writes.at(-1)
    }
    await Promise.all(writes)
    await log.close()
    expect(readFileSync(path, 'utf8')).toBe(
      Array.from({ length: 500 }, (_, i) => `${i}\n`).join(''),
    )
    await expect(log.append('late\n')).rejects.toThrow('mailbox log is closed')
  })

  it('rewrites itself from the snapshot once most lines are dead, keeping later lines', async () => {
    const path = join(dir, 'b.log')
    let live = ['keep-1\n', 'keep-2\n']
    const log = openAppendLog({
      path,
      fsyncIntervalMs: 1000,
      initialRecords: 0,
      compactAfterRecords: 50,
      snapshot: () => live,
      liveCount: () => live.length,
    })
    for (let i = 0; i < 60; i++) await log.append(`dead-${i}\n`)
    live = ['keep-1\n', 'keep-2\n', 'keep-3\n']
    await log.append('keep-3\n')
    await log.close()
    const text = readFileSync(path, 'utf8')
    expect(text.startsWith('keep-1\nkeep-2\n')).toBe(true)
    expect(text).not.toContain('dead-0\n')
    expect(text.endsWith('keep-3\n')).toBe(true)
  })
})
