/**
 * Reading a round payload from the signer: decode the wire value, then typed field getters whose
 * errors name the protocol, round and field (`CosignerError('BadRequest')`). Protocol messages
 * inside (`messages`) are passed on as `unknown` to @tessera/mpc, which validates every one.
 */
import { CosignerError } from '../../errors.ts'
import { decodeWire, encodeWire, type WireValue } from './wireValue.ts'

export const COSIGNER_INDEX = 2

export type Fields = Record<string, WireValue | undefined>

export function readPayload(what: string, payload: Uint8Array): Fields {
  let value: WireValue
  try {
    value = decodeWire(payload)
  } catch (error) {
    throw new CosignerError(
      'BadRequest',
      `${what}: payload does not decode: ${(error as Error).message}`,
    )
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    value instanceof Uint8Array
  )
    throw new CosignerError('BadRequest', `${what}: payload must be an object`)
  return value as Fields
}

export const reply = (value: Record<string, unknown>): Uint8Array => encodeWire(value)

const bad = (what: string, field: string, expected: string): never => {
  throw new CosignerError('BadRequest', `${what}: "${field}" expected ${expected}`)
}

export function str(f: Fields, what: string, field: string): string {
  const v = f[field]
  return typeof v === 'string' ? v : bad(what, field, 'a string')
}

export function int(f: Fields, what: string, field: string): number {
  const v = f[field]
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
    ? v
    : bad(what, field, 'a non-negative integer')
}

export function bytes(f: Fields, what: string, field: string, length?: number): Uint8Array {
  const v = f[field]
  if (!(v instanceof Uint8Array) || (length !== undefined && v.length !== length))
    return bad(what, field, length === undefined ? 'bytes' : `${length} bytes`)
  return v
}

/** `bytes`, or undefined when the field is absent. */
export function optionalBytes(
  f: Fields,
  what: string,
  field: string,
  length?: number,
): Uint8Array | undefined {
  return f[field] === undefined ? undefined : bytes(f, what, field, length)
}

export function list(f: Fields, what: string, field: string): readonly WireValue[] {
  const v = f[field]
  return Array.isArray(v) ? (v as readonly WireValue[]) : bad(what, field, 'an array')
}

/** Splits a frame's protocol messages by their `round`; a message for another round is refused. */
export function byRound<T = unknown>(
  what: string,
  messages: readonly WireValue[],
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
