/**
 * The dapp-side bundle budget (docs/ARCHITECTURE.md#performance-budgets: provider + wagmi + core +
 * noise (+ protocol) ≤ 40 KB min+gzip, viem and wagmi excluded), measured by the same function as
 * `pnpm size` (`scripts/size.mjs`: what a page loads up front), and what must never be in that
 * bundle: `ws`, test helpers, hardhat. Curve code must be on demand only: Ed25519 (the relay
 * login's fallback where WebCrypto lacks it), and X25519 with the Noise handshake (run only to
 * pair; a resumed session needs the transport alone).
 */
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

interface Measured {
  readonly minified: number
  readonly gzip: number
  readonly lazy: { readonly minified: number; readonly gzip: number }
  /** Output paths loaded up front (the entry and its static chunks). */
  readonly upFront: readonly string[]
  readonly metafile: {
    readonly inputs: Record<string, unknown>
    readonly outputs: Record<string, { readonly inputs: Record<string, unknown> }>
  }
}
interface SizeScript {
  readonly BUDGET_BYTES: number
  measureDappBundle(): Promise<Measured>
  bytesByPackage(metafile: Measured['metafile'], outputs?: readonly string[]): [string, number][]
}

// A path in a variable: the script is plain JavaScript, typed by `SizeScript` above.
const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'size.mjs')
const load = (): Promise<SizeScript> => import(script) as Promise<SizeScript>

describe('dapp bundle', () => {
  test('is within 40 KB min+gzip', async () => {
    const { BUDGET_BYTES, measureDappBundle, bytesByPackage } = await load()
    expect(BUDGET_BYTES).toBe(40 * 1024)
    const bundle = await measureDappBundle()
    const parts = bytesByPackage(bundle.metafile, bundle.upFront)
      .map(([name, bytes]) => `${name} ${bytes} B`)
      .join(', ')
    expect(
      bundle.gzip,
      `min+gzip ${bundle.gzip} B; largest parts (minified): ${parts}`,
    ).toBeLessThanOrEqual(BUDGET_BYTES)
  })

  test('holds no Node-only, test-only or oracle code', async () => {
    const { measureDappBundle } = await load()
    const inputs = Object.keys((await measureDappBundle()).metafile.inputs)
    expect(inputs.length).toBeGreaterThan(0)
    expect(
      inputs.filter((path) =>
        /node_modules\/(?:ws|hardhat|js-conflux-sdk)\/|\/src\/(?:testing|test)\/|\.test\.ts$/.test(
          path,
        ),
      ),
    ).toEqual([])
  })

  test('Ed25519 loads on demand only: it is in no chunk loaded up front', async () => {
    const { measureDappBundle } = await load()
    const bundle = await measureDappBundle()
    const inputsOf = (paths: readonly string[]) =>
      paths.flatMap((path) => Object.keys(bundle.metafile.outputs[path]?.inputs ?? {}))
    const lazy = Object.keys(bundle.metafile.outputs).filter((p) => !bundle.upFront.includes(p))
    const ed25519 = /@noble\/curves\/(?:ed25519|abstract\/edwards)\.js$/
    expect(inputsOf(bundle.upFront).filter((path) => ed25519.test(path))).toEqual([])
    expect(inputsOf(lazy).filter((path) => ed25519.test(path))).toHaveLength(2)
    expect(bundle.lazy.gzip).toBeGreaterThan(0)
  })

  test('X25519 and the Noise handshake load on demand only: no curve code is loaded up front', async () => {
    const { measureDappBundle } = await load()
    const bundle = await measureDappBundle()
    const inputsOf = (paths: readonly string[]) =>
      paths.flatMap((path) => Object.keys(bundle.metafile.outputs[path]?.inputs ?? {}))
    const lazy = Object.keys(bundle.metafile.outputs).filter((p) => !bundle.upFront.includes(p))
    const pairingOnly =
      /@noble\/curves\/|packages\/noise\/src\/(?:handshakeState|primitives|symmetricState)\.ts$|packages\/core\/src\/pairing\/(?:openPairing|joinPairing)\.ts$/
    expect(inputsOf(bundle.upFront).filter((path) => pairingOnly.test(path))).toEqual([])
    // …and they are there, on demand: X25519 is noble's (montgomery.js, ed25519.js).
    const onDemand = inputsOf(lazy).filter((path) => pairingOnly.test(path))
    for (const name of [
      '@noble/curves/abstract/montgomery.js',
      '@noble/curves/ed25519.js',
      'packages/noise/src/handshakeState.ts',
      'packages/core/src/pairing/openPairing.ts',
    ]) {
      expect(onDemand.some((path) => path.endsWith(name))).toBe(true)
    }
  })
})
