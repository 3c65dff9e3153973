/**
 * `@tessera/signer/worker`: the signer's Worker. mpc's threshold engine with this package's
 * encrypted IndexedDB vault plugged in, so shares, presignatures and nonces are created, sealed and
 * used inside the Worker only.
 */
export {
  connectSignerWorker,
  exposeSignerWorker,
  type SignerWorker,
  type SignerWorkerApi,
} from './exposeSignerWorker.ts'
