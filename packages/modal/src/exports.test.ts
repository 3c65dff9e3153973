/**
 * The public run-time exports of @tessera/modal (docs/STYLE.md#9-explicit-exports: a change here is
 * an API change and shows in review), and what must hold outside a browser: importing it touches no
 * DOM, and opening the modal there is a precise error.
 */
import { expect, test } from 'vitest'
import * as modal from './index.ts'
import { testPairingUri } from './test/pairingUri.ts'

test('the public run-time exports', () => {
  expect(Object.keys(modal).sort()).toEqual([
    'CONNECT_MODAL_TAG',
    'MESSAGES',
    'TELEGRAM_STARTAPP_MAX_LENGTH',
    'WECHAT_QUERY_MAX_LENGTH',
    'openConnectModal',
    'signerLinks',
  ])
  expect(modal.CONNECT_MODAL_TAG).toBe('tessera-connect-modal')
  expect(Object.keys(modal.MESSAGES).sort()).toEqual(['en', 'zh-CN'])
  expect(Object.keys(modal.MESSAGES['zh-CN']).sort()).toEqual(Object.keys(modal.MESSAGES.en).sort())
})

test('outside a browser, opening is a precise error', () => {
  expect(() => modal.openConnectModal({ uri: testPairingUri() })).toThrow(
    new Error('openConnectModal needs a browser document'),
  )
})
