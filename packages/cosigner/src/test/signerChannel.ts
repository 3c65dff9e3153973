/**
 * Test utility: the device's client (`@tessera/cosigner-client`) pointed at a test co-signer —
 * the WeChat login exchange, and the `/v1/mpc` channel over the `ws` package's WebSocket (Node 20
 * has no global one), pinned to the co-signer's static key. `clientError` matches the client's
 * CosignerClientError by code and message.
 */

import { base64urlnopad } from '@scure/base'
import {
  type CosignerConnection,
  connectCosigner,
  type LoginAdapter,
  login,
} from '@tessera/cosigner-client'
import type { KeyPair } from '@tessera/noise'
import { expect } from 'vitest'
import WebSocket from 'ws'

export type Login = { token: string; identity: string }

export async function loginWeChat(
  url: string,
  code: string,
  dappId: string,
  deviceKey?: Uint8Array,
): Promise<Login> {
  const session = await login({
    url,
    adapter: 'wechat',
    proof: {
      code,
      dappId,
      ...(deviceKey === undefined ? {} : { deviceKey: base64urlnopad.encode(deviceKey) }),
    },
  })
  return { token: session.token, identity: session.identity }
}

export function openSignerChannel(
  cosigner: { mpcUrl: string; noiseStaticKey: string },
  token: string,
  deviceKey?: KeyPair,
): Promise<CosignerConnection> {
  return connectCosigner({
    url: cosigner.mpcUrl,
    cosignerKey: cosigner.noiseStaticKey,
    token,
    WebSocket: WebSocket as never,
    ...(deviceKey === undefined ? {} : { deviceKey }),
  })
}

/** Matches a CosignerClientError with this code and (short) message. */
export const clientError = (code: string, message: string) =>
  expect.objectContaining({ name: 'CosignerClientError', code, shortMessage: message })

/** POST /v1/login/<adapter> with any proof; resolves with the session. */
export async function loginWith(
  url: string,
  adapter: LoginAdapter,
  proof: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Login> {
  const session = await login({ url, adapter, proof, headers })
  return { token: session.token, identity: session.identity }
}

/**
 * One round of a fresh sub-stream with a payload the typed client would never send (the tests
 * of the co-signer's refusals): `value` is encoded with `encode` or passed as bytes.
 */
export function rawRound(
  channel: CosignerConnection,
  protocol: string,
  round: number,
  payload: Uint8Array,
  keyId?: string,
): Promise<Uint8Array> {
  return channel.stream(protocol).exchange(round, payload, keyId)
}
