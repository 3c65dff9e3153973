/**
 * Types for comlink 4.4.2's Node adapter: the package ships `dist/esm/node-adapter.d.ts` beside
 * the `.mjs`, which TypeScript does not pair with a `.mjs` import. Mirrors that file's contract.
 */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink'

  export interface NodeEndpoint {
    postMessage(message: unknown, transfer?: readonly unknown[]): void
    on(type: string, listener: (value: unknown) => void): void
    off(type: string, listener: (value: unknown) => void): void
    start?: () => void
  }

  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint
}
