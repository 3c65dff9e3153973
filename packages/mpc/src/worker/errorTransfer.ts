/**
 * Carries MpcError across the comlink boundary with its code, culprit and pair intact
 * (docs/THRESHOLD.md#conventions: errors carry a code and the culprit). comlink's default `throw`
 * handler keeps only name, message and stack. Installed by exposeMpcEngine and wrapMpcEngine on
 * their side of the boundary; the serialised form never contains anything but those fields.
 */
import { transferHandlers } from 'comlink'
import { MpcError, type MpcErrorCode } from '../errors.ts'

type SerialisedError =
  | { isError: true; value: { name: string; message: string; stack?: string | undefined } }
  | {
      isError: true
      value: {
        name: 'MpcError'
        message: string
        stack?: string | undefined
        code: MpcErrorCode
        culprit?: number | undefined
        pair?: readonly [number, number] | undefined
      }
    }
  | { isError: false; value: unknown }

const CODES: readonly string[] = ['Malformed', 'Abort', 'Ban']

const mpcThrowHandler = {
  canHandle: (value: unknown): value is { value: unknown } =>
    typeof value === 'object' && value !== null && 'value' in value && isThrown(value),
  serialize({ value }: { value: unknown }): [SerialisedError, Transferable[]] {
    if (value instanceof MpcError) {
      return [
        {
          isError: true,
          value: {
            name: 'MpcError',
            message: value.message,
            stack: value.stack,
            code: value.code,
            culprit: value.culprit,
            pair: value.pair,
          },
        },
        [],
      ]
    }
    if (value instanceof Error) {
      return [
        { isError: true, value: { name: value.name, message: value.message, stack: value.stack } },
        [],
      ]
    }
    return [{ isError: false, value }, []]
  },
  deserialize(serialised: SerialisedError): never {
    if (!serialised.isError) throw serialised.value
    const v = serialised.value
    if ('code' in v && v.name === 'MpcError' && CODES.includes(v.code)) {
      throw new MpcError(v.code, v.message, {
        ...(typeof v.culprit === 'number' ? { culprit: v.culprit } : {}),
        ...(Array.isArray(v.pair) ? { pair: [v.pair[0], v.pair[1]] as const } : {}),
      })
    }
    throw Object.assign(new Error(v.message), { name: v.name, stack: v.stack })
  },
}

const original = transferHandlers.get('throw')

function isThrown(value: object): boolean {
  // comlink marks thrown values with a private symbol; its own handler knows how to detect it.
  return original?.canHandle(value) ?? false
}

export function installErrorTransfer(): void {
  transferHandlers.set(
    'throw',
    mpcThrowHandler as unknown as Parameters<typeof transferHandlers.set>[1],
  )
}
