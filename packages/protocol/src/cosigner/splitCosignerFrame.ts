/**
 * Splits one logical data frame into the frames that go on the wire: itself when its payload
 * fits one chunk, else `parts` frames with the same sid, protocol, round and keyId, `part`
 * counting from 0 (docs/SESSION.md#signer--co-signer). A message over the reassembly limit is
 * refused here (`TooLarge`) so it is never half sent.
 */
import { CosignerFrameError } from './CosignerFrameError.ts'
import { COSIGNER_CHANNEL_RULES as RULES } from './rules.ts'
import type { CosignerDataFrame } from './types.ts'

export function splitCosignerFrame(
  frame: CosignerDataFrame,
  chunkBytes: number = RULES.chunkBytes,
): CosignerDataFrame[] {
  if (frame.payload.length > RULES.maxMessageBytes)
    throw new CosignerFrameError(
      'TooLarge',
      `a ${frame.payload.length}-byte message exceeds the ${RULES.maxMessageBytes}-byte limit`,
    )
  if (frame.payload.length <= chunkBytes) return [frame]
  const parts = Math.ceil(frame.payload.length / chunkBytes)
  return Array.from({ length: parts }, (_, part) => ({
    ...frame,
    part,
    parts,
    payload: frame.payload.subarray(part * chunkBytes, (part + 1) * chunkBytes),
  }))
}
