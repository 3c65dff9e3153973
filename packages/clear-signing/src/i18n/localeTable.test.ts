/** The string-table lookup: the locale's text, placeholders filled, unknown ones left as written. */
import { expect, test } from 'vitest'
import { localeTable } from './localeTable.ts'

const text = localeTable({
  send: { en: 'Send {amount} to {to}', 'zh-CN': '发送 {amount} 到 {to}' },
  plain: { en: 'Fee', 'zh-CN': '手续费' },
})

test('the locale picks the text; every {name} with a value is replaced, numbers as text', () => {
  expect(text('en', 'send', { amount: 1.5, to: 'bob' })).toBe('Send 1.5 to bob')
  expect(text('zh-CN', 'send', { amount: '2 BTC', to: 'bob' })).toBe('发送 2 BTC 到 bob')
  expect(text('zh-CN', 'plain')).toBe('手续费')
})

test('a placeholder without a value is left as written; a zero or empty value is used', () => {
  expect(text('en', 'send', { amount: 0 })).toBe('Send 0 to {to}')
  expect(text('en', 'send', { amount: '', to: 'x' })).toBe('Send  to x')
})
