/**
 * Both ends of the Worker boundary (docs/ARCHITECTURE.md#worker-and-comlink):
 * - in the Worker script: `exposeMpcEngine(options)` (browser) or
 *   `exposeMpcEngine(options, nodeEndpoint(parentPort))` (Node worker_threads);
 * - on the page / main thread: `wrapMpcEngine(worker)` gives a typed remote whose methods return
 *   promises. Pass progress callbacks wrapped in comlink's `proxy`.
 * Only handles and public data cross; MpcError keeps its code and culprit across.
 */
import { type Endpoint, expose, type Remote, wrap } from 'comlink'
import { createMpcEngine, type MpcEngine, type MpcEngineOptions } from './createMpcEngine.ts'
import { installErrorTransfer } from './errorTransfer.ts'

/** Serves an engine on `endpoint` (the Worker's global scope by default). */
export function exposeMpcEngine(options: MpcEngineOptions = {}, endpoint?: Endpoint): MpcEngine {
  installErrorTransfer()
  const engine = createMpcEngine(options)
  expose(engine, endpoint)
  return engine
}

/** The page's handle on a Worker running `exposeMpcEngine`. */
export function wrapMpcEngine(endpoint: Endpoint): Remote<MpcEngine> {
  installErrorTransfer()
  return wrap<MpcEngine>(endpoint)
}

export { proxy, releaseProxy } from 'comlink'
