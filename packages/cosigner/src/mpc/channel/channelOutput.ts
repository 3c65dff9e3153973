/**
 * What the channel sends once the handshake is done: answer frames (in chunks when larger than
 * one Noise message) and error frames, sealed with the transport. Nothing is sent before the
 * transport exists or after the channel closed.
 */
import type { Transport } from '@tessera/noise'
import {
  type CosignerErrorCode,
  encodeCosignerFrame,
  splitCosignerFrame,
} from '@tessera/protocol/cosigner'
import type { ChannelIo, Frame, Where } from './channelTypes.ts'
import { sealMessage } from './sealedMessages.ts'

/** Which check of @tessera/mpc failed and who is to blame, when one did. */
export type Blame = { kind?: string | undefined; culprit?: number | undefined }

export interface ChannelOutput {
  sendFrame(frame: Frame): void
  sendError(where: Where, code: CosignerErrorCode, message: string, blame?: Blame): void
}

export function createChannelOutput(
  io: ChannelIo,
  transport: () => Transport | undefined,
  count: (code: string) => void,
): ChannelOutput {
  const sendPlain = (plaintext: Uint8Array) => {
    const t = transport()
    if (t !== undefined) io.send(sealMessage(t, plaintext))
  }
  return {
    sendFrame(frame) {
      for (const part of splitCosignerFrame(frame)) sendPlain(encodeCosignerFrame(part))
    },
    sendError(where, code, message, blame = {}) {
      count(code)
      const { kind, culprit } = blame
      sendPlain(
        encodeCosignerFrame({
          type: 'error',
          ...where,
          error: {
            code,
            message,
            ...(kind === undefined ? {} : { kind }),
            ...(culprit === undefined ? {} : { culprit }),
          },
        }),
      )
    },
  }
}
