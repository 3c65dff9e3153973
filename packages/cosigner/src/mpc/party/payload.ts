/**
 * Round payloads as the co-signer's runs read and write them: the typed codecs of
 * `@tessera/protocol/cosigner` (one layout per protocol and round; a payload that does not decode
 * is refused naming the protocol, round and field), and the split of a frame's protocol messages
 * by round. The messages themselves are passed on as `unknown` to @tessera/mpc, which validates
 * every one.
 */
import { CosignerError } from '../../errors.ts'

export {
  decodeCosignerRequest as readRequest,
  encodeCosignerReply as writeReply,
} from '@tessera/protocol/cosigner'

export const COSIGNER_INDEX = 2

/** Splits a frame's protocol messages by their `round`; a message for another round is refused. */
export function byRound<T = unknown>(
  what: string,
  messages: readonly unknown[],
  rounds: readonly number[],
): T[][] {
  // The shape is checked by @tessera/mpc (`collectRound`, `checkBatch`) before any use.
  const out = rounds.map(() => [] as T[])
  for (const m of messages) {
    const round = (m as { round?: unknown } | null)?.round
    const at = rounds.indexOf(round as number)
    if (at < 0)
      throw new CosignerError(
        'BadRequest',
        `${what}: a message for round ${String(round)} in a frame carrying rounds ${rounds.join(' and ')}`,
      )
    out[at]?.push(m as T)
  }
  return out
}
