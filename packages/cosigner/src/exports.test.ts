/**
 * docs/STYLE.md#9-explicit-exports: the public exports are snapshotted so an accidental API change
 * shows in review.
 */
import { expect, test } from 'vitest'
import * as api from './index.ts'

test('public exports', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "ConfigError",
      "CosignerError",
      "DEFAULTS",
      "DEFAULT_POLICY",
      "NO_MPC_PARTY",
      "OPTIONS",
      "PolicyDeniedError",
      "SIGNING_METHODS",
      "acquireKeyLock",
      "appendAudit",
      "authorizeSigning",
      "consumePresignature",
      "createAlipayClient",
      "createKeyring",
      "createOidcVerifier",
      "createWeChatClient",
      "decodeSigningRequest",
      "getShare",
      "listAudit",
      "listKeys",
      "loadConfig",
      "masterKey",
      "migrate",
      "openDatabase",
      "openRecord",
      "parsePolicy",
      "putKey",
      "putPresignature",
      "releaseKeyLock",
      "rotateMasterKey",
      "runCli",
      "sealRecord",
      "startCosigner",
      "verifyAudit",
      "verifySessionToken",
      "verifyTelegramInitData",
      "withKeyLock",
    ]
  `)
})
