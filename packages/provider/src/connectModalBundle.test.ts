/**
 * The connect modal costs a dapp nothing up front (docs/ARCHITECTURE.md#performance-budgets):
 * `@tessera/modal` and its QR encoder are only in the chunks the provider's `import()` loads when
 * a pairing starts without `onPairingUri`, and `pnpm size` (`scripts/size.mjs`) reports them
 * apart. Its own ceiling, 12 KB min+gzip, keeps it from growing unseen.
 */
import { join } from 'node:path'
import { expect, test } from 'vitest'

interface Size {
  readonly minified: number
  readonly gzip: number
}
interface Measured extends Size {
  readonly upFront: readonly string[]
  readonly onDemand: Readonly<Record<string, Size & { readonly chunks: readonly string[] }>>
  readonly metafile: {
    readonly outputs: Record<string, { readonly inputs: Record<string, unknown> }>
  }
}
interface SizeScript {
  readonly MODAL_ENTRY: string
  measureDappBundle(): Promise<Measured>
}

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'size.mjs')

test('the connect modal loads on demand only, within 12 KB min+gzip', async () => {
  const { MODAL_ENTRY, measureDappBundle } = (await import(script)) as SizeScript
  const bundle = await measureDappBundle()
  const inputsOf = (paths: readonly string[]) =>
    paths.flatMap((path) => Object.keys(bundle.metafile.outputs[path]?.inputs ?? {}))
  const modalCode = /packages\/modal\/src\/|node_modules\/uqr\//
  expect(inputsOf(bundle.upFront).filter((path) => modalCode.test(path))).toEqual([])
  const modal = bundle.onDemand[MODAL_ENTRY]
  expect(modal).toBeDefined()
  const loaded = inputsOf(modal?.chunks ?? [])
  expect(loaded.some((path) => path.endsWith('packages/modal/src/openConnectModal.ts'))).toBe(true)
  expect(loaded.some((path) => /node_modules\/uqr\//.test(path))).toBe(true)
  expect(modal?.gzip).toBeGreaterThan(0)
  expect(modal?.gzip).toBeLessThanOrEqual(12 * 1024)
})
