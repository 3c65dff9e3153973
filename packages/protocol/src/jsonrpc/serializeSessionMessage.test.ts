import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MessageValidationError } from './MessageValidationError.ts'
import { parseSessionMessageText } from './parseSessionMessageText.ts'
import { serializeSessionMessage } from './serializeSessionMessage.ts'
import type { SessionMessage } from './types.ts'

describe('serializeSessionMessage', () => {
  test('writes plain JSON', () => {
    expect(serializeSessionMessage({ id: 9, result: '0xabc' })).toBe('{"id":9,"result":"0xabc"}')
  })

  test('property: the receiver parses what the sender wrote back to the same message', () => {
    const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
    const message: fc.Arbitrary<SessionMessage> = fc.oneof(
      fc.record({
        id,
        method: fc.constantFrom('personal_sign', 'eth_signTransaction'),
        params: fc.array(fc.string(), { maxLength: 3 }),
      }),
      fc.record({ id, result: fc.oneof(fc.string(), fc.constant(null), fc.integer()) }),
      fc.record({
        id,
        error: fc.record({ code: fc.integer(), message: fc.string({ maxLength: 100 }) }),
      }),
      fc.record({
        method: fc.constant('accountsChanged' as const),
        params: fc.array(fc.stringMatching(/^0x[0-9a-f]{40}$/), { maxLength: 3 }),
      }),
    )
    fc.assert(
      fc.property(message, (m) => {
        expect(parseSessionMessageText(serializeSessionMessage(m)).message).toEqual(m)
      }),
    )
  })

  test('refuses an oversize result before it is sent', () => {
    const run = () => serializeSessionMessage({ id: 1, result: 'x'.repeat(65_519) })
    expect(run).toThrow(MessageValidationError)
    expect(run).toThrow(
      expect.objectContaining({
        code: 'TooLarge',
        path: '$',
        shortMessage: '$: result messages may be at most 65519 UTF-8 bytes',
      }),
    )
  })

  test('refuses a value JSON would silently drop or cannot write', () => {
    const bad = { id: 1, method: 'personal_sign', params: [undefined] } as unknown as SessionMessage
    expect(() => serializeSessionMessage(bad)).toThrow(
      expect.objectContaining({
        code: 'NotJsonValue',
        path: '$.params[0]',
        shortMessage: '$.params[0]: undefined is not JSON',
      }),
    )
    const big = { id: 1, result: 1n } as unknown as SessionMessage
    expect(() => serializeSessionMessage(big)).toThrow(
      expect.objectContaining({
        code: 'NotJsonValue',
        path: '$.result',
        shortMessage: '$.result: bigint is not JSON',
      }),
    )
  })
})
