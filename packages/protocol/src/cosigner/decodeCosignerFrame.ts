/**
 * Decodes one frame of the `/v1/mpc` channel (layout in encodeCosignerFrame.ts). Every field is
 * checked before the frame is returned: version, kind, round, names, chunk indices, declared
 * lengths against what is there, no trailing bytes. Any deviation is a CosignerFrameError with a
 * precise message (`TooLarge` above the frame limit, otherwise `Malformed`).
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { createReader } from './byteCursor.ts'
import { CosignerFrameError } from './CosignerFrameError.ts'
import {
  COSIGNER_ERROR_CODES,
  COSIGNER_FRAME_KIND,
  COSIGNER_FRAME_VERSION,
  COSIGNER_CHANNEL_RULES as RULES,
} from './rules.ts'
import type { CosignerFrame } from './types.ts'

const ERROR_KIND = /^[A-Za-z][A-Za-z0-9]{0,31}$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

const bad = (message: string): never => {
  throw new CosignerFrameError('Malformed', message)
}

function text(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes)
  } catch {
    return bad(`${what} is not UTF-8`)
  }
}

export function decodeCosignerFrame(bytes: Uint8Array): CosignerFrame {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('frame expected Uint8Array')
  if (bytes.length > RULES.maxFrameBytes)
    throw new CosignerFrameError(
      'TooLarge',
      `a ${bytes.length}-byte frame exceeds the ${RULES.maxFrameBytes}-byte limit`,
    )
  const r = createReader(bytes, 'frame')
  const version = r.u8('the version')
  if (version !== COSIGNER_FRAME_VERSION)
    bad(`unknown frame version ${version} (this side speaks ${COSIGNER_FRAME_VERSION})`)
  const kind = r.u8('the kind')
  if (kind !== COSIGNER_FRAME_KIND.data && kind !== COSIGNER_FRAME_KIND.error)
    bad(`unknown frame kind ${kind} (1 data, 2 error)`)
  const sid = bytesToHex(r.take(RULES.sidBytes, 'the sid'))
  const round = r.u8('the round')
  const protocolLength = r.u8('the protocol length')
  if (protocolLength > RULES.maxProtocolBytes)
    bad(`protocol length ${protocolLength} exceeds ${RULES.maxProtocolBytes}`)
  const protocol = text(r.take(protocolLength, 'the protocol'), '"protocol"')
  const end = () => {
    if (r.remaining !== 0) bad(`${r.remaining} trailing bytes after the frame`)
  }
  if (kind === COSIGNER_FRAME_KIND.data) {
    if (round < 1) bad(`"round" must be an integer in 1..${RULES.maxRound}`)
    if (!RULES.protocol.test(protocol)) bad(`"protocol" must match ${RULES.protocol}`)
    const keyIdLength = r.u8('the keyId length')
    const keyId = text(r.take(keyIdLength, 'the keyId'), '"keyId"')
    if (keyIdLength > 0 && !RULES.keyId.test(keyId)) bad(`"keyId" must match ${RULES.keyId}`)
    const part = r.u16('the part')
    const parts = r.u16('the parts')
    if (parts < 1) bad('"parts" must be an integer in 1..65535')
    if (part >= parts) bad(`"part" must be an integer in 0..${parts - 1}`)
    const length = r.u32('the payload length')
    if (length !== r.remaining)
      bad(`the payload length says ${length} bytes, the frame carries ${r.remaining}`)
    const payload = r.take(length, 'the payload')
    return {
      type: 'data',
      sid,
      protocol,
      round,
      ...(keyIdLength === 0 ? {} : { keyId }),
      ...(parts === 1 ? {} : { part, parts }),
      payload,
    }
  }
  if (protocolLength > 0 && !RULES.protocol.test(protocol))
    bad(`"protocol" must match ${RULES.protocol}`)
  const codeIndex = r.u8('the error code')
  const code = COSIGNER_ERROR_CODES[codeIndex]
  if (code === undefined) bad(`unknown error code ${codeIndex}`)
  const culprit = r.u8('the culprit')
  const kindLength = r.u8('the error kind length')
  if (kindLength > RULES.maxErrorKindBytes)
    bad(`error kind length ${kindLength} exceeds ${RULES.maxErrorKindBytes}`)
  const errorKind = text(r.take(kindLength, 'the error kind'), 'error "kind"')
  if (kindLength > 0 && !ERROR_KIND.test(errorKind)) bad(`error "kind" must match ${ERROR_KIND}`)
  const messageLength = r.u16('the message length')
  if (messageLength > RULES.maxErrorMessageBytes)
    bad(`error message length ${messageLength} exceeds ${RULES.maxErrorMessageBytes}`)
  const message = text(r.take(messageLength, 'the message'), 'error "message"')
  end()
  return {
    type: 'error',
    sid,
    ...(protocolLength === 0 ? {} : { protocol }),
    ...(round === 0 ? {} : { round }),
    error: {
      code: code as (typeof COSIGNER_ERROR_CODES)[number],
      message,
      ...(kindLength === 0 ? {} : { kind: errorKind }),
      ...(culprit === 0 ? {} : { culprit }),
    },
  }
}
