/**
 * Reads a log of text lines in fixed-size chunks, so replaying a log of any size holds one chunk
 * and one line in memory, never the whole file (a 595 MB log once exceeded V8's largest string
 * and the relay could not restart). A line longer than `maxLineBytes` is skipped without being
 * assembled. Reports where the last complete line ends: bytes after it are a torn tail.
 */
import { closeSync, openSync, readSync } from 'node:fs'

export interface LogScan {
  /** Offset just past the last newline: everything before it is whole lines. */
  completeBytes: number
  /** Bytes in the file when it was read. */
  totalBytes: number
  /** Lines skipped because they exceeded `maxLineBytes`. */
  oversized: number
}

const CHUNK_BYTES = 1 << 20

/** Calls `onLine` for every complete, non-empty line; a missing file reads as empty. */
export function scanLogLines(
  path: string,
  maxLineBytes: number,
  onLine: (line: string) => void,
): LogScan {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { completeBytes: 0, totalBytes: 0, oversized: 0 }
    }
    throw error
  }
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES)
  let parts: Buffer[] = []
  let partBytes = 0
  let skipping = false
  let offset = 0
  let completeBytes = 0
  let oversized = 0
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, offset)
      if (n === 0) break
      let start = 0
      while (start < n) {
        const nl = chunk.indexOf(10, start)
        const end = nl === -1 || nl >= n ? n : nl
        const complete = end < n
        let line: string | undefined
        if (!skipping) {
          if (partBytes + (end - start) > maxLineBytes) {
            skipping = true
            parts = []
            partBytes = 0
          } else if (complete && partBytes === 0) {
            // The common case: the whole line is inside this chunk, decoded without a copy.
            line = chunk.toString('utf8', start, end)
          } else if (end > start) {
            // Copied: the chunk buffer is reused by the next read.
            parts.push(Buffer.from(chunk.subarray(start, end)))
            partBytes += end - start
          }
        }
        if (!complete) break
        completeBytes = offset + end + 1
        if (skipping) oversized++
        else if (line === undefined && partBytes > 0)
          line = Buffer.concat(parts, partBytes).toString('utf8')
        if (line !== undefined && line !== '') onLine(line)
        parts = []
        partBytes = 0
        skipping = false
        start = end + 1
      }
      offset += n
    }
  } finally {
    closeSync(fd)
  }
  return { completeBytes, totalBytes: offset, oversized }
}
