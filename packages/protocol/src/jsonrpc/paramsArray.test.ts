import { InvalidParamsRpcError } from 'viem'
import { expect, test } from 'vitest'
import { paramsArray } from './paramsArray.ts'

test('returns the params when their count is within bounds', () => {
  const params = ['0x1', '0xab']
  expect(paramsArray('personal_sign', params, 2)).toBe(params)
  expect(paramsArray('eth_call', ['a'], 1, 2)).toEqual(['a'])
})

test.each([
  ['not an array', { a: 1 }, 1, 1, 'm: expected params as an array of 1 values.'],
  ['too few', [], 1, 2, 'm: expected params as an array of 1 to 2 values.'],
  ['too many', [1, 2, 3], 2, 2, 'm: expected params as an array of 2 values.'],
  ['undefined', undefined, 0, 0, 'm: expected params as an array of 0 values.'],
])('refuses %s with -32602', (_label, params, min, max, details) => {
  const run = () => paramsArray('m', params, min, max)
  expect(run).toThrow(InvalidParamsRpcError)
  expect(run).toThrow(expect.objectContaining({ code: -32602, details }))
})
