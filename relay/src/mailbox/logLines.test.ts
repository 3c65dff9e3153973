/**
 * The chunked line reader: lines across chunk boundaries, empty lines, oversized lines skipped
 * without being assembled, multi-byte characters split between chunks, and the torn-tail offset.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scanLogLines } from './logLines.ts'

const dir = mkdtempSync(join(tmpdir(), 'relay-lines-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const scan = (name: string, content: string | Buffer, maxLineBytes = 1 << 22) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  const lines: string[] = []
  const result = scanLogLines(path, maxLineBytes, (l) => lines.push(l))
  return { lines, ...result }
}

describe('log line scan', () => {
  it('reads lines spanning 1 MiB chunks, with multi-byte characters cut between chunks', () => {
    // 'é' is two bytes; the first line puts one of them on each side of the chunk boundary.
    const first = `${'a'.repeat((1 << 20) - 1)}é`
    const second = 'ü'.repeat(700_000)
    const r = scan('span.log', `${first}\n\n${second}\nshort\n`)
    expect(r.lines).toEqual([first, second, 'short'])
    expect(r).toMatchObject({ oversized: 0, completeBytes: r.totalBytes })
  })

  it('skips a line over the limit and reports the bytes after the last newline', () => {
    const r = scan('big.log', `ok\n${'x'.repeat(3000)}\nfine\n{"torn`, 1000)
    expect(r.lines).toEqual(['ok', 'fine'])
    expect(r).toMatchObject({ oversized: 1, totalBytes: r.completeBytes + 6 })
  })

  it('reads a missing file as empty', () => {
    const lines: string[] = []
    expect(scanLogLines(join(dir, 'absent.log'), 100, (l) => lines.push(l))).toEqual({
      completeBytes: 0,
      totalBytes: 0,
      oversized: 0,
    })
    expect(lines).toEqual([])
  })
})
