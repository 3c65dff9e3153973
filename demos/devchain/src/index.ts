/** `@tessera/devchain`: local chains for `npm start` and the end-to-end flows (private). */
export type { ConfluxChain } from './confluxChain.ts'
export { coreAddressOf, DEFAULT_FAUCET, type FaucetAmounts } from './devchainServer.ts'
export { DEMO_TOKEN_ADDRESS, type EvmChain } from './evmChain.ts'
export { type Devchain, type DevchainOptions, startDevchain } from './startDevchain.ts'
