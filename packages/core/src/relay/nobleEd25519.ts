/**
 * The Ed25519 fallback of `relayIdentity.ts`, reached only through `import()` where WebCrypto has
 * no Ed25519: a module of its own so bundlers split it into a chunk holding just `ed25519` (a
 * dynamic import of noble's module itself would keep all of it: FROST, OPRF, Ristretto, …).
 */
export { ed25519 } from '@noble/curves/ed25519.js'
