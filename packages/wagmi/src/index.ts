/**
 * @tessera/wagmi — the `tessera()` connector for wagmi (`@wagmi/core` 3), over
 * `@tessera/provider`. Explicit named exports only (docs/STYLE.md#9-explicit-exports).
 */
export { type TesseraParameters, tessera } from './tessera.ts'
