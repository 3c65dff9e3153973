/**
 * `@tessera/signer/worker`: what the signer's Worker script runs. The threshold engine of
 * `@tessera/mpc/worker` with this package's encrypted IndexedDB vault plugged in, so shares,
 * presignatures and nonces are created, sealed and used inside the Worker only.
 */
export { exposeSignerWorker, type SignerWorkerApi, wrapSignerWorker } from './exposeSignerWorker.ts'
