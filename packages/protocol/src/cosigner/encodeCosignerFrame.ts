/**
 * Encodes one frame of the `/v1/mpc` channel (the Noise transport plaintext). Layout, version 1,
 * all integers big-endian:
 *
 *   u8 version = 1 · u8 kind (1 data, 2 error) · sid (32 bytes) · u8 round (error: 0 = none)
 *   · u8 protocol length (error: 0 = none) · protocol (ASCII)
 *   data:  · u8 keyId length (0 = none) · keyId (ASCII) · u16 part · u16 parts (1 = unchunked)
 *          · u32 payload length · payload (raw bytes, exactly the rest of the frame)
 *   error: · u8 code (index in COSIGNER_ERROR_CODES) · u8 culprit (0 = none)
 *          · u8 kind length (0 = none) · kind (ASCII) · u16 message length · message (UTF-8)
 *
 * Validates every field and the frame size first (CosignerFrameError); an error message longer
 * than the limit is clipped on a character boundary, never refused.
 */
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { createWriter } from './byteCursor.ts'
import { CosignerFrameError } from './CosignerFrameError.ts'
import { clipUtf8 } from './clipUtf8.ts'
import {
  COSIGNER_ERROR_CODES,
  COSIGNER_FRAME_KIND,
  COSIGNER_FRAME_VERSION,
  COSIGNER_CHANNEL_RULES as RULES,
} from './rules.ts'
import type { CosignerFrame } from './types.ts'

const SID = /^[0-9a-f]{64}$/
const ERROR_KIND = /^[A-Za-z][A-Za-z0-9]{0,31}$/

const bad = (message: string): never => {
  throw new CosignerFrameError('Malformed', message)
}

export function encodeCosignerFrame(frame: CosignerFrame): Uint8Array {
  if (!SID.test(frame.sid)) bad('"sid" must be 32 bytes as lowercase hex')
  const w = createWriter()
  w.u8(COSIGNER_FRAME_VERSION)
  w.u8(COSIGNER_FRAME_KIND[frame.type])
  w.bytes(hexToBytes(frame.sid))
  if (frame.type === 'data') {
    if (!Number.isInteger(frame.round) || frame.round < 1 || frame.round > RULES.maxRound)
      bad(`"round" must be an integer in 1..${RULES.maxRound}`)
    if (!RULES.protocol.test(frame.protocol)) bad(`"protocol" must match ${RULES.protocol}`)
    if (frame.keyId !== undefined && !RULES.keyId.test(frame.keyId))
      bad(`"keyId" must match ${RULES.keyId}`)
    const parts = frame.parts ?? 1
    const part = frame.part ?? 0
    if ((frame.part === undefined) !== (frame.parts === undefined))
      bad('"part" and "parts" come together')
    if (frame.parts !== undefined && (!Number.isInteger(parts) || parts < 2 || parts > 0xffff))
      bad('"parts" must be an integer in 2..65535')
    if (!Number.isInteger(part) || part < 0 || part >= parts)
      bad(`"part" must be an integer in 0..${parts - 1}`)
    w.u8(frame.round)
    w.u8(frame.protocol.length)
    w.bytes(utf8ToBytes(frame.protocol))
    const keyId = frame.keyId ?? ''
    w.u8(keyId.length)
    w.bytes(utf8ToBytes(keyId))
    w.u16(part)
    w.u16(parts)
    w.u32(frame.payload.length)
    w.bytes(frame.payload)
  } else {
    const round = frame.round ?? 0
    if (!Number.isInteger(round) || round < 0 || round > RULES.maxRound)
      bad(`"round" must be an integer in 0..${RULES.maxRound}`)
    const protocol = frame.protocol ?? ''
    if (protocol !== '' && !RULES.protocol.test(protocol))
      bad(`"protocol" must match ${RULES.protocol}`)
    const { code, kind, culprit } = frame.error
    const codeIndex = COSIGNER_ERROR_CODES.indexOf(code)
    if (codeIndex < 0) bad(`unknown error code "${String(code).slice(0, 32)}"`)
    if (kind !== undefined && !ERROR_KIND.test(kind)) bad(`error "kind" must match ${ERROR_KIND}`)
    if (culprit !== undefined && (!Number.isInteger(culprit) || culprit < 1 || culprit > 255))
      bad('error "culprit" must be a party index in 1..255')
    const message = utf8ToBytes(clipUtf8(frame.error.message, RULES.maxErrorMessageBytes))
    w.u8(round)
    w.u8(protocol.length)
    w.bytes(utf8ToBytes(protocol))
    w.u8(codeIndex)
    w.u8(culprit ?? 0)
    w.u8(kind?.length ?? 0)
    w.bytes(utf8ToBytes(kind ?? ''))
    w.u16(message.length)
    w.bytes(message)
  }
  const bytes = w.finish()
  if (bytes.length > RULES.maxFrameBytes)
    throw new CosignerFrameError(
      'TooLarge',
      `a ${bytes.length}-byte frame exceeds the ${RULES.maxFrameBytes}-byte limit: send it in chunks`,
    )
  return bytes
}
