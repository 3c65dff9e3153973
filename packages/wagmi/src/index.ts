/**
 * @tessera/wagmi — the `tessera()` connector for wagmi (`@wagmi/core` 3), over
 * `@tessera/provider`. Explicit named exports only (STYLE.md item 9).
 */
export { type TesseraParameters, tessera } from './tessera.ts'
