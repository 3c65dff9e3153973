/**
 * `@tessera/cosigner/testing`: what other packages' tests need to run a REAL co-signer in-process
 * (`startCosigner` is the main export): the local OIDC issuer double and Node's WebSocket client.
 * Test-only; not in the published files.
 */
export { WebSocket } from 'ws'
export { type DoubleAlg, type OidcDouble, startOidcDouble } from '../test/oidcDouble.ts'
export { startWeChatDouble, type WeChatDouble } from '../test/wechatDouble.ts'
