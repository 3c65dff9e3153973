/** The public run-time exports (STYLE.md §9: a change here is an API change, seen in review). */
import { expect, test } from 'vitest'
import * as signer from './index.ts'
import * as worker from './worker/index.ts'

test('the public run-time exports of @tessera/signer', () => {
  expect(Object.keys(signer).sort()).toMatchInlineSnapshot(`
    [
      "ConcurrentWriteError",
      "DEFAULT_PASSCODE_KDF",
      "MIN_PASSCODE_KDF",
      "PasscodeRequiredError",
      "VaultClosedError",
      "VaultLockedError",
      "VaultReadError",
      "WeakKdfError",
      "WrongPasscodeError",
      "openVault",
    ]
  `)
})

test('the public run-time exports of @tessera/signer/worker', () => {
  expect(Object.keys(worker).sort()).toMatchInlineSnapshot(`
    [
      "exposeSignerWorker",
      "wrapSignerWorker",
    ]
  `)
})
