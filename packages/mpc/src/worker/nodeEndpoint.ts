/**
 * comlink's adapter for Node `worker_threads` (a Worker or `parentPort` becomes a comlink
 * Endpoint), re-exported so the co-signer and Node tests run the same engine as the browser.
 */
import type { Endpoint } from 'comlink'
import adapter from 'comlink/dist/esm/node-adapter.mjs'

export type NodePort = Parameters<typeof adapter>[0]

export function nodeEndpoint(port: NodePort): Endpoint {
  return adapter(port)
}
