/**
 * `@tessera/server-kit/testing`: what the relay's and the co-signer's tests share — a loopback
 * TCP proxy to a real Redis that a test cuts and restores, and the server's command run as a real
 * process (its exit code, its JSON log lines, a port held so that start-up finds it in use). Test-only; left out of the build and
 * of the published files.
 */

export { type CuttableProxy, startCuttableProxy } from './cuttableProxy.ts'
export { holdPort, jsonLines, type ProcessRun, runProcess } from './runProcess.ts'
