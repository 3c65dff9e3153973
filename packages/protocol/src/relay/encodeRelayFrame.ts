/**
 * The JSON-RPC 2.0 text frames of the relay channel as both ends write them
 * (docs/RELAY.md#methods): a request, a response (a result or an error, the id echoed verbatim),
 * and the relay's `irn_subscription` push. Members always come in the order id, jsonrpc, then the
 * rest. Must never put anything in a frame beyond what it is given.
 */
import type { RelayErrorBody } from './errors.ts'
import type { RelaySubscriptionData } from './params.ts'
import type { RelayRpcId } from './parseClientFrame.ts'

export function encodeRelayRequest(id: RelayRpcId, method: string, params: unknown): string {
  return JSON.stringify({ id, jsonrpc: '2.0', method, params })
}

export type RelayResponseBody = { result: unknown } | { error: RelayErrorBody }

/** `id` is `null` only for an error about a frame whose id could not be read. */
export function encodeRelayResponse(id: RelayRpcId | null, body: RelayResponseBody): string {
  return JSON.stringify({ id, jsonrpc: '2.0', ...body })
}

/**
 * The relay's push of one stored message. Built by hand on the relay's hot path: the caller passes
 * a validated hex topic and subscription id and integer `publishedAt` and `tag`, so only the
 * message needs JSON escaping. docs/RELAY.md: the empty attestation stops a WalletConnect wallet
 * from calling the hosted Verify API.
 */
export function encodeSubscriptionPush(
  pushId: number,
  subscriptionId: string,
  data: Omit<RelaySubscriptionData, 'tag'> & { readonly tag?: number | undefined },
): string {
  const tag = data.tag === undefined ? '' : `,"tag":${data.tag}`
  return (
    `{"id":${pushId},"jsonrpc":"2.0","method":"irn_subscription","params":{"id":"${subscriptionId}",` +
    `"data":{"topic":"${data.topic}","message":${JSON.stringify(data.message)},` +
    `"publishedAt":${data.publishedAt},"attestation":""${tag}}}}`
  )
}
