/**
 * `@tessera/mpc/dangerous`: the operations that put a whole private key in one place — importing
 * a mnemonic or an existing key and splitting it into shares, and exporting the full key from a
 * threshold of shares (docs/THRESHOLD.md: the key is otherwise never assembled). Kept off the root
 * entry point so that importing them is a visible, reviewable decision. Explicit exports only.
 */
export { EXPORT_CONFIRMATION, exportFullPrivateKey } from './import/exportFullPrivateKey.ts'
export { DEFAULT_EVM_PATH, importMnemonic } from './import/importMnemonic.ts'
export {
  type SplitOptions,
  splitExistingKeyIntoShares,
} from './import/splitExistingKeyIntoShares.ts'
