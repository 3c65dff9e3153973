/**
 * The bytes and deadlines of one channel's unfinished chunked messages: each is held at most
 * `partialTimeoutMs` from its first chunk, the channel's sum at most `partialBytesPerConnection`
 * and every channel's sum at most `partialBytes.max`; past one of them `fail` closes the channel
 * (4408 or 4413), whose shutdown gives the bytes back. Without limits, nothing is counted.
 */
import type { ChannelLimits } from './channelTypes.ts'
import { LIMIT_CLOSE } from './limitCloses.ts'

interface Held {
  bytes: number
  timer: ReturnType<typeof setTimeout>
}

export function createPartialMessages(
  limits: ChannelLimits | undefined,
  fail: (code: number, reason: string) => void,
) {
  const held = new Map<string, Held>()
  let total = 0

  function release(sid: string) {
    const entry = held.get(sid)
    if (entry === undefined || limits === undefined) return
    held.delete(sid)
    clearTimeout(entry.timer)
    total -= entry.bytes
    limits.partialBytes.used -= entry.bytes
  }

  return {
    /** One more chunk of the unfinished message of `sid`. */
    hold(sid: string, bytes: number) {
      if (limits === undefined) return
      let entry = held.get(sid)
      if (entry === undefined) {
        const timer = setTimeout(
          () =>
            fail(
              LIMIT_CLOSE.timeout,
              `a chunked message was not finished within ${limits.partialTimeoutMs} ms; dropped`,
            ),
          limits.partialTimeoutMs,
        )
        entry = { bytes: 0, timer }
        held.set(sid, entry)
      }
      entry.bytes += bytes
      total += bytes
      limits.partialBytes.used += bytes
      if (total > limits.partialBytesPerConnection)
        return fail(
          LIMIT_CLOSE.overBudget,
          `unfinished chunked messages passed ${limits.partialBytesPerConnection} bytes on this connection; dropped`,
        )
      if (limits.partialBytes.used > limits.partialBytes.max)
        fail(
          LIMIT_CLOSE.overBudget,
          `unfinished chunked messages of all connections passed ${limits.partialBytes.max} bytes; dropped`,
        )
    },
    /** The message of `sid` finished, was refused, or its stream ended. */
    release,
    releaseAll() {
      for (const sid of [...held.keys()]) release(sid)
    },
  }
}
