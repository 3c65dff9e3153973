/**
 * The dapp-side bundle budget (ARCHITECTURE.md: provider + wagmi + core + noise (+ protocol)
 * ≤ 40 KB min+gzip, viem and wagmi excluded), measured by the same function as `pnpm size`
 * (`scripts/size.mjs`), and what must never be in that bundle: `ws`, test helpers, hardhat.
 */
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

interface Measured {
  readonly minified: number
  readonly gzip: number
  readonly metafile: { readonly inputs: Record<string, unknown> }
}
interface SizeScript {
  readonly BUDGET_BYTES: number
  measureDappBundle(): Promise<Measured>
  bytesByPackage(metafile: Measured['metafile']): [string, number][]
}

// A path in a variable: the script is plain JavaScript, typed by `SizeScript` above.
const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'size.mjs')
const load = (): Promise<SizeScript> => import(script) as Promise<SizeScript>

describe('dapp bundle', () => {
  test('is within 40 KB min+gzip', async () => {
    const { BUDGET_BYTES, measureDappBundle, bytesByPackage } = await load()
    expect(BUDGET_BYTES).toBe(40 * 1024)
    const bundle = await measureDappBundle()
    const parts = bytesByPackage(bundle.metafile)
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
})
