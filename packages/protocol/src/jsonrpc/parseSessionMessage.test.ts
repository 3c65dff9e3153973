import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  MessageValidationError,
  type MessageValidationErrorCode,
} from './MessageValidationError.ts'
import { parseSessionMessage } from './parseSessionMessage.ts'

function expectInvalid(
  value: unknown,
  code: MessageValidationErrorCode,
  path: string,
  sentence: string,
): void {
  let thrown: unknown
  try {
    parseSessionMessage(value)
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(MessageValidationError)
  const error = thrown as MessageValidationError
  expect(error.name).toBe('MessageValidationError')
  expect(error.code).toBe(code)
  expect(error.path).toBe(path)
  expect(error.shortMessage).toBe(`${path}: ${sentence}`)
}

describe('parseSessionMessage accepts', () => {
  test('a request, with and without chainId and jsonrpc', () => {
    expect(
      parseSessionMessage({ id: 1, method: 'personal_sign', params: ['0x68', '0xab'] }),
    ).toEqual({
      kind: 'request',
      message: { id: 1, method: 'personal_sign', params: ['0x68', '0xab'] },
    })
    const request = {
      jsonrpc: '2.0',
      id: 2 ** 53 - 1,
      method: 'cfx_signTransaction',
      params: { to: 'cfx:aak', value: '0x1' },
      chainId: 'cfx:1029',
    }
    expect(parseSessionMessage(request)).toEqual({ kind: 'request', message: request })
  })

  test("a request with the dapp's deadline (timeoutMs), 1 ms to 30 days", () => {
    for (const timeoutMs of [1, 6_000, 30 * 24 * 3600 * 1000]) {
      const request = { id: 4, method: 'personal_sign', params: ['0x68', '0xab'], timeoutMs }
      expect(parseSessionMessage(request)).toEqual({ kind: 'request', message: request })
    }
  })

  test('a well-formed method the session does not carry (4200 is decided later)', () => {
    const parsed = parseSessionMessage({ id: 3, method: 'eth_call', params: [] })
    expect(parsed).toEqual({ kind: 'request', message: { id: 3, method: 'eth_call', params: [] } })
  })

  test('result responses, null and false results included', () => {
    for (const result of [null, false, 0, '', '0xsig', { raw: '0x02' }, [1, 2]]) {
      expect(parseSessionMessage({ id: 7, result })).toEqual({
        kind: 'result',
        message: { id: 7, result },
      })
    }
  })

  test('error responses', () => {
    const message = { id: 7, error: { code: 4001, message: 'Rejected.', data: { why: 'user' } } }
    expect(parseSessionMessage(message)).toEqual({ kind: 'error', message })
  })

  test('the three notifications', () => {
    const accounts = {
      method: 'accountsChanged',
      params: ['0xAbC', 'cfx:aamysddjren1zfp36agsek5fxt2w0st8feps3297ek'],
    }
    expect(parseSessionMessage(accounts)).toEqual({ kind: 'notification', message: accounts })
    expect(parseSessionMessage({ method: 'accountsChanged', params: [] })).toEqual({
      kind: 'notification',
      message: { method: 'accountsChanged', params: [] },
    })
    const chain = { jsonrpc: '2.0', method: 'chainChanged', params: ['eip155:1030'] }
    expect(parseSessionMessage(chain)).toEqual({ kind: 'notification', message: chain })
    const disconnect = { method: 'disconnect', params: [{ code: 4900, message: 'Bye.' }] }
    expect(parseSessionMessage(disconnect)).toEqual({ kind: 'notification', message: disconnect })
  })

  test('returns fresh objects, not the input', () => {
    const input = { id: 1, result: 'x' }
    const parsed = parseSessionMessage(input)
    expect(parsed.message).not.toBe(input)
  })
})

describe('parseSessionMessage and prototype pollution', () => {
  test('"__proto__" anywhere is refused, and nothing is polluted', () => {
    const text = '{"id":1,"method":"eth_signTransaction","params":[{"__proto__":{"polluted":1}}]}'
    expectInvalid(
      JSON.parse(text),
      'ForbiddenKey',
      '$.params[0].__proto__',
      'key "__proto__" is refused',
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expectInvalid(
      JSON.parse('{"__proto__":{"x":1},"id":1,"result":1}'),
      'ForbiddenKey',
      '$.__proto__',
      'key "__proto__" is refused',
    )
  })

  test('"constructor" and "prototype" inside params are plain data and change nothing', () => {
    const text =
      '{"id":1,"method":"eth_signTransaction","params":{"constructor":{"prototype":{"polluted":1}}}}'
    const parsed = parseSessionMessage(JSON.parse(text))
    expect(parsed.kind).toBe('request')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.constructor).toBe(Object)
  })

  test('a top-level "constructor" field is an unknown field', () => {
    expectInvalid(
      { id: 1, result: 1, constructor: 1 },
      'UnknownField',
      '$.constructor',
      'field is not part of this message',
    )
  })
})

describe('parseSessionMessage refuses', () => {
  test.each([
    ['a string', 'x', 'NotObject', '$', 'a session message must be a JSON object'],
    ['an array', [], 'NotObject', '$', 'a session message must be a JSON object'],
    ['null', null, 'NotObject', '$', 'a session message must be a JSON object'],
    ['undefined', undefined, 'NotJsonValue', '$', 'undefined is not JSON'],
    ['a class instance', new Date(0), 'NotJsonValue', '$', 'object is not a plain object'],
    [
      'NaN inside',
      { id: 1, result: Number.NaN },
      'NotJsonValue',
      '$.result',
      'number is not finite',
    ],
    [
      'a function inside',
      { id: 1, result: [() => 1] },
      'NotJsonValue',
      '$.result[0]',
      'function is not JSON',
    ],
    [
      'an empty object',
      {},
      'BadShape',
      '$',
      'not a request, response or notification: no method, result or error',
    ],
    [
      'result and error together',
      { id: 1, result: 1, error: { code: 1, message: '' } },
      'BadShape',
      '$',
      'a response has both result and error',
    ],
    [
      'a wrong jsonrpc',
      { jsonrpc: '1.0', id: 1, result: 1 },
      'BadJsonrpc',
      '$.jsonrpc',
      'jsonrpc must be "2.0" when present',
    ],
    [
      'an unknown request field',
      { id: 1, method: 'eth_sign', params: [], extra: 1 },
      'UnknownField',
      '$.extra',
      'field is not part of this message',
    ],
    [
      'an unknown odd field',
      { id: 1, result: 1, 'a b': 1 },
      'UnknownField',
      '$["a b"]',
      'field is not part of this message',
    ],
    [
      'chainId on a response',
      { id: 1, result: 1, chainId: 'eip155:1' },
      'UnknownField',
      '$.chainId',
      'field is not part of this message',
    ],
    [
      'timeoutMs on a response',
      { id: 1, result: 1, timeoutMs: 5 },
      'UnknownField',
      '$.timeoutMs',
      'field is not part of this message',
    ],
    [
      'params missing',
      { id: 1, method: 'personal_sign' },
      'MissingField',
      '$.params',
      'a request needs params',
    ],
    [
      'params a string',
      { id: 1, method: 'personal_sign', params: 'x' },
      'BadParams',
      '$.params',
      'params must be an array or an object',
    ],
    [
      'params null',
      { id: 1, method: 'personal_sign', params: null },
      'BadParams',
      '$.params',
      'params must be an array or an object',
    ],
    [
      'a bad chainId',
      { id: 1, method: 'personal_sign', params: [], chainId: '1' },
      'BadChainId',
      '$.chainId',
      'chainId must be a CAIP-2 id such as eip155:1',
    ],
    [
      'an unknown notification',
      { method: 'message', params: [] },
      'BadMethod',
      '$.method',
      'a notification must be accountsChanged, chainChanged or disconnect',
    ],
    [
      'notification params an object',
      { method: 'chainChanged', params: {} },
      'BadParams',
      '$.params',
      'notification params must be an array',
    ],
    [
      'chainChanged without a chain',
      { method: 'chainChanged', params: [] },
      'BadParams',
      '$.params',
      'chainChanged takes exactly [chainId]',
    ],
    [
      'chainChanged with a hex chain',
      { method: 'chainChanged', params: ['0x1'] },
      'BadChainId',
      '$.params[0]',
      'chainId must be a CAIP-2 id such as eip155:1',
    ],
    [
      'a non-string account',
      { method: 'accountsChanged', params: ['0x1', 1] },
      'BadParams',
      '$.params[1]',
      'an account must be 1 to 128 printable ASCII characters',
    ],
    [
      'an account with a space',
      { method: 'accountsChanged', params: ['0x 1'] },
      'BadParams',
      '$.params[0]',
      'an account must be 1 to 128 printable ASCII characters',
    ],
    [
      '65 accounts',
      { method: 'accountsChanged', params: Array(65).fill('0x1') },
      'BadParams',
      '$.params',
      'more than 64 accounts',
    ],
    [
      'disconnect with two params',
      { method: 'disconnect', params: [{ code: 1, message: '' }, 1] },
      'BadParams',
      '$.params',
      'disconnect takes exactly [error]',
    ],
    [
      'disconnect with a bad error',
      { method: 'disconnect', params: [{ code: 'x', message: '' }] },
      'BadError',
      '$.params[0].code',
      'code must be a safe integer',
    ],
    [
      'an error response with a bad error',
      { id: 1, error: 'x' },
      'BadError',
      '$.error',
      'error must be an object',
    ],
  ] as const)('%s', (_label, value, code, path, sentence) => {
    expectInvalid(value, code, path, sentence)
  })

  test.each([0, -1, 1.5, '6000', null, 30 * 24 * 3600 * 1000 + 1])('timeoutMs %o', (timeoutMs) => {
    expectInvalid(
      { id: 1, method: 'personal_sign', params: [], timeoutMs },
      'BadTimeout',
      '$.timeoutMs',
      'timeoutMs must be an integer number of milliseconds from 1 to 30 days',
    )
  })

  test.each([0, -1, 1.5, 2 ** 53, '1', null, true])('the id %o', (id) => {
    expectInvalid({ id, result: 1 }, 'BadId', '$.id', 'id must be an integer from 1 to 2^53 - 1')
    expectInvalid(
      { id, method: 'personal_sign', params: [] },
      'BadId',
      '$.id',
      'id must be an integer from 1 to 2^53 - 1',
    )
  })

  test('a response without an id', () => {
    expectInvalid({ result: 1 }, 'BadId', '$.id', 'id must be an integer from 1 to 2^53 - 1')
  })

  test.each([
    'eth',
    'Eth_call',
    '_x',
    'eth_',
    'eth-call',
    'eth_call()',
    1,
    `eth_${'a'.repeat(61)}`,
  ])('the method %o', (method) => {
    expectInvalid(
      { id: 1, method, params: [] },
      'BadMethod',
      '$.method',
      'method must be a namespace, "_" and a name (letters, digits, "_"), at most 64 characters',
    )
  })

  test('accepts a method of exactly 64 characters', () => {
    const method = `eth_${'a'.repeat(60)}`
    expect(parseSessionMessage({ id: 1, method, params: [] }).kind).toBe('request')
  })

  test('nesting deeper than 16 levels, and accepts 16', () => {
    const nest = (levels: number): unknown => {
      let value: unknown = 1
      for (let i = 0; i < levels; i++) value = [value]
      return value
    }
    // The message object is level 1, so a result may hold 15 levels of arrays.
    expect(parseSessionMessage({ id: 1, result: nest(15) }).kind).toBe('result')
    expectInvalid(
      { id: 1, result: nest(16) },
      'TooDeep',
      `$.result${'[0]'.repeat(15)}`,
      'nested deeper than 16',
    )
  })

  test('a hostile depth is refused without recursion', () => {
    let value: unknown = 1
    for (let i = 0; i < 100_000; i++) value = [value]
    expectInvalid(
      { id: 1, result: value },
      'TooDeep',
      `$.result${'[0]'.repeat(15)}`,
      'nested deeper than 16',
    )
  })
})

describe('parseSessionMessage properties', () => {
  const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
  const json = fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown)

  test('every well-formed request is accepted unchanged', () => {
    const params = fc.oneof(
      fc.array(json, { maxLength: 4 }),
      fc.dictionary(fc.string(), json, { maxKeys: 4 }),
    )
    fc.assert(
      fc.property(
        id,
        fc.stringMatching(/^[a-z]{1,8}_[A-Za-z0-9_]{1,40}$/),
        params,
        (i, method, p) => {
          const safe = JSON.parse(JSON.stringify(p)) as unknown
          fc.pre(!JSON.stringify(safe).includes('"__proto__"'))
          const message = { id: i, method, params: safe }
          expect(parseSessionMessage(message)).toEqual({ kind: 'request', message })
        },
      ),
    )
  })

  test('every result is accepted unchanged', () => {
    fc.assert(
      fc.property(id, json, (i, result) => {
        fc.pre(!JSON.stringify(result).includes('"__proto__"'))
        expect(parseSessionMessage({ id: i, result })).toEqual({
          kind: 'result',
          message: { id: i, result },
        })
      }),
    )
  })
})
