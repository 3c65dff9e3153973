import { describe, expect, test } from 'vitest'
import { MessageValidationError } from './MessageValidationError.ts'
import { parseSessionMessageText } from './parseSessionMessageText.ts'

function expectTextInvalid(text: unknown, code: string, sentence: string): void {
  const run = () => parseSessionMessageText(text as string)
  expect(run).toThrow(MessageValidationError)
  expect(run).toThrow(expect.objectContaining({ code, path: '$', shortMessage: `$: ${sentence}` }))
}

/** A result message whose JSON text is exactly `bytes` UTF-8 bytes long. */
function resultOfBytes(bytes: number, char = 'a', charBytes = 1): string {
  const frame = '{"id":1,"result":""}'.length
  const room = bytes - frame
  const text = `{"id":1,"result":"${char.repeat(Math.floor(room / charBytes))}${'a'.repeat(room % charBytes)}"}`
  return text
}

describe('parseSessionMessageText', () => {
  test('parses a request text', () => {
    expect(
      parseSessionMessageText('{"id":5,"method":"personal_sign","params":["0x00","0x01"]}'),
    ).toEqual({
      kind: 'request',
      message: { id: 5, method: 'personal_sign', params: ['0x00', '0x01'] },
    })
  })

  test('accepts a result of exactly 65,519 UTF-8 bytes, refuses 65,520', () => {
    expect(parseSessionMessageText(resultOfBytes(65_519)).kind).toBe('result')
    expectTextInvalid(
      resultOfBytes(65_520),
      'TooLarge',
      'session messages may be at most 65519 UTF-8 bytes',
    )
  })

  test('counts UTF-8 bytes, not UTF-16 units', () => {
    // 3-byte characters: the text is about 21,900 units long but 65,520 bytes.
    const text = resultOfBytes(65_520, '€', 3)
    expect(text.length).toBeLessThan(65_519)
    expectTextInvalid(text, 'TooLarge', 'session messages may be at most 65519 UTF-8 bytes')
    expect(parseSessionMessageText(resultOfBytes(65_519, '€', 3)).kind).toBe('result')
  })

  test('applies the smaller limit of error responses and notifications from WIRE_RULES', () => {
    const error = (size: number) => {
      const frame = '{"id":1,"error":{"code":1,"message":"","data":""}}'.length
      return `{"id":1,"error":{"code":1,"message":"","data":"${'x'.repeat(size - frame)}"}}`
    }
    expect(parseSessionMessageText(error(8_192)).kind).toBe('error')
    expectTextInvalid(error(8_193), 'TooLarge', 'error messages may be at most 8192 UTF-8 bytes')
    const disconnect = (size: number) => {
      const frame = '{"method":"disconnect","params":[{"code":4900,"message":"","data":""}]}'.length
      const pad = 'x'.repeat(size - frame)
      return `{"method":"disconnect","params":[{"code":4900,"message":"","data":"${pad}"}]}`
    }
    expect(parseSessionMessageText(disconnect(16_384)).kind).toBe('notification')
    expectTextInvalid(
      disconnect(16_385),
      'TooLarge',
      'notification messages may be at most 16384 UTF-8 bytes',
    )
  })

  test('refuses text that is not JSON, without quoting it', () => {
    expectTextInvalid('{"id":1,"result":secret}', 'BadJson', 'the message is not valid JSON')
    expectTextInvalid('', 'BadJson', 'the message is not valid JSON')
  })

  test('refuses a value that is not a string', () => {
    expectTextInvalid(new Uint8Array(2), 'BadJson', 'a session message must be JSON text')
  })

  test('refuses a huge text before parsing it', () => {
    const text = `[${'['.repeat(1_000_000)}`
    expectTextInvalid(text, 'TooLarge', 'session messages may be at most 65519 UTF-8 bytes')
  })
})
