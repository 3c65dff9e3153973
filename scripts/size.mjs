#!/usr/bin/env node
/**
 * The dapp-side bundle budget (docs/ARCHITECTURE.md#performance-budgets: provider + wagmi + core +
 * noise + protocol ≤ 40 KB min+gzip, viem and wagmi excluded). Bundles what a dapp imports —
 * every public export of `@tessera/provider` and `@tessera/wagmi`, which pull in core, noise and
 * protocol — the way a dapp bundler would: esbuild, minified ESM for the browser, the `source`
 * condition, the peers (viem, @wagmi/core, wagmi) external, and code splitting on, as Vite,
 * Rollup and webpack split every `import()` into a chunk of its own. The budget counts what a page
 * loads up front: the entry and every chunk it imports statically, each gzipped at level 9 on its
 * own (as served) and summed. Chunks reached only through `import()` (the pairing handshake with
 * noble's X25519, which `@tessera/core` loads when a pairing starts, and the relay login's Ed25519
 * fallback for platforms whose WebCrypto lacks it, and `@tessera/modal`, the connect modal the
 * provider opens to pair without the dapp's own `onPairingUri`) are reported beside it, not
 * counted; the modal also on a row of its own (its chunks beyond the up-front ones). Prints a
 * table beside `@walletconnect/ethereum-provider` measured the same way, plus the largest
 * packages of our up-front bundle (esbuild metafile). Exits 1 above the budget.
 * `measureDappBundle` is also run by `packages/provider/src/bundleSize.test.ts`. Writes nothing
 * to disk; downloads nothing.
 */
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export const BUDGET_BYTES = 40 * 1024
const PEERS = ['viem', 'viem/*', '@wagmi/core', '@wagmi/core/*', 'wagmi', 'wagmi/*']

/** Names the chunks; nothing is written there (`write: false`). */
const OUTDIR = join(root, 'size-output')

/**
 * Bundles `contents` (an ES module) resolved from `resolveDir`; sizes in bytes. `minified` and
 * `gzip` are the up-front part (entry + static chunks); `lazy` is what loads only on `import()`;
 * `upFront` lists the up-front output paths (keys of `metafile.outputs`).
 */
export async function measure({ contents, resolveDir, conditions = [] }) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js', sourcefile: 'dapp-entry.js' },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    outdir: OUTDIR,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions,
    external: PEERS,
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  })
  const outputs = result.metafile.outputs
  // Every `import()` target is an entry point too; ours is the one built from stdin.
  const entry = Object.keys(outputs).find((path) =>
    outputs[path].entryPoint?.endsWith('dapp-entry.js'),
  )
  // Up front: the entry and, transitively, every chunk it imports statically.
  const upFront = new Set([entry])
  for (const path of upFront) {
    for (const { path: imported, kind, external } of outputs[path].imports) {
      if (!external && kind === 'import-statement') upFront.add(imported)
    }
  }
  const sizes = { minified: 0, gzip: 0 }
  const lazy = { minified: 0, gzip: 0 }
  const bytes = new Map()
  for (const file of result.outputFiles) {
    const path = relative(root, file.path).split(sep).join('/')
    const part = upFront.has(path) ? sizes : lazy
    const size = {
      minified: file.contents.length,
      gzip: gzipSync(file.contents, { level: 9 }).length,
    }
    bytes.set(path, size)
    part.minified += size.minified
    part.gzip += size.gzip
  }
  // Per `import()` target (its source path): the chunks it loads beyond the up-front ones.
  const onDemand = {}
  for (const [path, output] of Object.entries(outputs)) {
    if (upFront.has(path) || output.entryPoint === undefined) continue
    const loads = new Set([path])
    for (const chunk of loads) {
      for (const { path: imported, kind, external } of outputs[chunk].imports) {
        if (!external && kind === 'import-statement' && !upFront.has(imported)) loads.add(imported)
      }
    }
    const size = { minified: 0, gzip: 0, chunks: [...loads] }
    for (const chunk of loads) {
      size.minified += bytes.get(chunk).minified
      size.gzip += bytes.get(chunk).gzip
    }
    onDemand[output.entryPoint] = size
  }
  return { ...sizes, lazy, onDemand, upFront: [...upFront], metafile: result.metafile }
}

/** The connect modal's `import()` target in our bundle (`@tessera/provider` loads it to pair). */
export const MODAL_ENTRY = 'packages/modal/src/index.ts'

/** Our dapp bundle: everything `@tessera/provider` and `@tessera/wagmi` export. */
export function measureDappBundle() {
  return measure({
    contents: "export * from '@tessera/provider'\nexport * from '@tessera/wagmi'\n",
    resolveDir: join(root, 'packages', 'wagmi'),
    conditions: ['source'],
  })
}

/** The reference: what a dapp imports to reach a WalletConnect wallet. */
export function measureWalletConnectBundle() {
  return measure({
    contents: "export * from '@walletconnect/ethereum-provider'\n",
    resolveDir: root,
  })
}

/** Minified bytes per package (or workspace package) in the given outputs (default all), largest first. */
export function bytesByPackage(metafile, outputs = Object.keys(metafile.outputs)) {
  const totals = new Map()
  for (const output of outputs.map((path) => metafile.outputs[path])) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const nodeModule = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/)
      const workspace = path.match(/^(?:\.\.\/)*(packages\/[^/]+|relay)\//)
      const name = nodeModule?.[1] ?? workspace?.[1] ?? path
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput)
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1])
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

async function main() {
  const [ours, walletConnect] = await Promise.all([
    measureDappBundle(),
    measureWalletConnectBundle(),
  ])
  const rows = [
    ['bundle (loaded up front)', 'min', 'min+gzip', 'budget', 'on demand (min+gzip)'],
    [
      '@tessera/provider + wagmi + core + noise + protocol',
      kb(ours.minified),
      kb(ours.gzip),
      kb(BUDGET_BYTES),
      kb(ours.lazy.gzip),
    ],
    [
      '@walletconnect/ethereum-provider',
      kb(walletConnect.minified),
      kb(walletConnect.gzip),
      '—',
      kb(walletConnect.lazy.gzip),
    ],
  ]
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '))
  const modal = ours.onDemand[MODAL_ENTRY]
  if (modal === undefined) throw new Error(`${MODAL_ENTRY} is not loaded on demand`)
  console.log(
    `\non demand: @tessera/modal, the connect modal (loaded when pairing starts without onPairingUri): ${kb(modal.minified)} min, ${kb(modal.gzip)} min+gzip, not counted up front`,
  )
  console.log('\nlargest parts of our up-front bundle (minified, before gzip):')
  for (const [name, bytes] of bytesByPackage(ours.metafile, ours.upFront).slice(0, 10)) {
    console.log(`  ${name.padEnd(40)} ${kb(bytes)}`)
  }
  const over = ours.gzip > BUDGET_BYTES
  console.log(
    `\n${over ? 'OVER' : 'within'} budget: ${ours.gzip} of ${BUDGET_BYTES} bytes min+gzip (${((ours.gzip / walletConnect.gzip) * 100).toFixed(0)}% of WalletConnect's).`,
  )
  if (over) process.exitCode = 1
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
