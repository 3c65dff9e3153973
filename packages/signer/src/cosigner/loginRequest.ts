/**
 * A platform login proof as the co-signer's `/v1/login/<adapter>` route takes it: OIDC ID token,
 * WeChat code and Alipay auth code in the JSON body, Telegram initData verbatim as
 * `Authorization: tma <initData>`; every body names the dapp the session is for.
 */
import type { LoginAdapter } from '@tessera/cosigner-client'
import type { LoginProof } from '../platform/types.ts'

export type LoginRequest = {
  readonly adapter: LoginAdapter
  readonly body: Readonly<Record<string, string>>
  readonly headers?: Readonly<Record<string, string>>
}

export function loginRequest(proof: LoginProof, dappId: string): LoginRequest {
  switch (proof.kind) {
    case 'oidc':
      return { adapter: 'oidc', body: { idToken: proof.idToken, dappId } }
    case 'wechat':
      return { adapter: 'wechat', body: { code: proof.code, dappId } }
    case 'alipay':
      return { adapter: 'alipay', body: { authCode: proof.authCode, dappId } }
    case 'telegram':
      return {
        adapter: 'telegram',
        body: { dappId },
        headers: { authorization: `tma ${proof.initData}` },
      }
  }
}
