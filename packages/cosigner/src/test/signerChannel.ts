/**
 * Test utility, independent of @tessera/mpc (so the signer can later drive it with its Worker
 * engine): log in through any login endpoint, open `/v1/mpc` with Noise IK pinned to the
 * co-signer's static key, and exchange one round of a sub-stream at a time — wire-encoded
 * payloads, chunked both ways. An error frame rejects with a ChannelError carrying its code.
 */
import { randomBytes } from 'node:crypto'
import type { KeyPair } from '@tessera/noise'
import { fromBase64Url, toBase64Url } from '../bytes.ts'
import { decodeWire, encodeWire, type WireValue } from '../mpc/party/wireValue.ts'
import { connectMpc, type MpcTestClient } from './mpcClient.ts'

/**
 * An error frame of the co-signer, or `ConnectionLost` when the socket closed while a round was
 * outstanding (the co-signer process died or the network dropped). `retryable`: the operation may
 * be started again with a new sid, on this or another co-signer process.
 */
export class ChannelError extends Error {
  override name = 'ChannelError'
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(`${code}: ${message}`)
  }
}

export type Reply = Record<string, WireValue | undefined>

export type Login = { token: string; identity: string }

/** POST /v1/login/<adapter>; resolves with the session or throws with the status and body. */
export async function login(
  url: string,
  adapter: 'wechat' | 'alipay' | 'telegram' | 'oidc',
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Login> {
  const res = await fetch(`${url}/v1/login/${adapter}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const answer = (await res.json()) as Login
  if (res.status !== 200)
    throw new Error(`${adapter} login failed (${res.status}): ${JSON.stringify(answer)}`)
  return answer
}

export function loginWeChat(
  url: string,
  code: string,
  dappId: string,
  deviceKey?: Uint8Array,
): Promise<Login> {
  return login(url, 'wechat', {
    code,
    dappId,
    ...(deviceKey === undefined ? {} : { deviceKey: toBase64Url(deviceKey) }),
  })
}

export interface SignerChannel {
  readonly client: MpcTestClient
  /** A fresh 32-byte sid as hex (never reused). */
  newSid(): string
  /** Sends one round and resolves with the co-signer's answer for that round. */
  exchange(
    sid: string,
    protocol: string,
    round: number,
    value: Record<string, unknown>,
    keyId?: string,
  ): Promise<Reply>
  close(): void
}

export async function openSignerChannel(
  cosigner: { mpcUrl: string; noiseStaticKey: string },
  token: string,
  staticKey?: KeyPair,
): Promise<SignerChannel> {
  const client = connectMpc(
    cosigner.mpcUrl,
    cosigner.noiseStaticKey,
    token,
    staticKey === undefined ? {} : { staticKey },
  )
  await client.ready
  // One round in flight at a time: answers come back in order.
  let chain: Promise<unknown> = Promise.resolve()
  return {
    client,
    newSid: () => randomBytes(32).toString('hex'),
    exchange(sid, protocol, round, value, keyId) {
      const result = chain.then(async () => {
        client.send({
          sid,
          protocol,
          round,
          ...(keyId === undefined ? {} : { keyId }),
          payload: encodeWire(value),
        })
        const answer = await Promise.race([
          client.next(),
          client.closed.then(({ code }) => {
            throw new ChannelError(
              'ConnectionLost',
              `the channel closed (${code}) before ${protocol} round ${round} was answered`,
              true,
            )
          }),
        ])
        const error = answer.error as
          | { code: string; message: string; retryable: boolean }
          | undefined
        if (error !== undefined) throw new ChannelError(error.code, error.message, error.retryable)
        if (answer.sid !== sid || answer.round !== round)
          throw new Error(`answer for ${String(answer.sid)} round ${String(answer.round)}`)
        return decodeWire(fromBase64Url(answer.payload as string)) as Reply
      })
      chain = result.catch(() => {})
      return result
    },
    close: () => client.close(),
  }
}
