/**
 * Broadcast consistency (docs/THRESHOLD.md#conventions): the round after a broadcast carries
 * echo = H("echo", sid, round, all broadcasts in index order). We also send the per-sender
 * digests, only to name a culprit when echoes differ. Public data only.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { abytes } from '@noble/hashes/utils.js'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'

export type Echo = {
  /** H("echo", sid, round, digest_1..digest_m) over the senders in index order. */
  readonly hash: Uint8Array
  /** digest_k = H("echo/digest", sid, round, k, broadcast_k), senders in index order. */
  readonly seen: readonly Uint8Array[]
}

export function broadcastDigest(
  sid: Uint8Array,
  round: number,
  sender: number,
  parts: readonly Uint8Array[],
): Uint8Array {
  return taggedHash(TAGS.echoDigest, sid, Uint8Array.of(round), Uint8Array.of(sender), ...parts)
}

/** `digests` must be in sender index order. */
export function makeEcho(sid: Uint8Array, round: number, digests: readonly Uint8Array[]): Echo {
  return {
    hash: taggedHash(TAGS.echo, sid, Uint8Array.of(round), ...digests),
    seen: digests.map((d) => d.slice()),
  }
}

export function parseEcho(value: unknown, senders: number): Echo {
  if (typeof value !== 'object' || value === null) throw new TypeError('"echo" expected object')
  const { hash, seen } = value as Record<string, unknown>
  abytes(hash as Uint8Array, 32, 'echo.hash')
  if (!Array.isArray(seen) || seen.length !== senders) {
    throw new RangeError(`"echo.seen" expected ${senders} digests`)
  }
  seen.forEach((d, k) => {
    abytes(d, 32, `echo.seen[${k}]`)
  })
  return { hash: hash as Uint8Array, seen: seen as Uint8Array[] }
}

/**
 * Compares `reporter`'s echo with ours. On a mismatch the culprit is the sender whose broadcast
 * the two views disagree on; if that is us, the reporter is lying and is named instead. Without
 * signed broadcasts a reporter could frame a third party; the run aborts either way.
 */
export function checkEcho(
  mine: Echo,
  theirs: Echo,
  reporter: number,
  me: number,
  senders: readonly number[],
  round: number,
): void {
  if (equalBytes(mine.hash, theirs.hash)) return
  let culprit = reporter
  for (let k = 0; k < senders.length; k++) {
    if (!equalBytes(mine.seen[k] as Uint8Array, theirs.seen[k] as Uint8Array)) {
      const sender = senders[k] as number
      culprit = sender === me ? reporter : sender
      break
    }
  }
  throw new MpcError(
    'Abort',
    `echo mismatch for round ${round} reported by ${reporter}: party ${culprit} equivocated`,
    { culprit },
  )
}
