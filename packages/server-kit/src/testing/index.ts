/**
 * `@tessera/server-kit/testing`: what the relay's and the co-signer's tests share — a loopback
 * TCP proxy to a real Redis that a test cuts and restores. Test-only; left out of the build and
 * of the published files.
 */

export { type CuttableProxy, startCuttableProxy } from './cuttableProxy.ts'
