/**
 * A fresh Vite + `@wagmi/core` dapp in a directory, for the packaging test: `index.html` uses
 * `@tessera/wagmi` next to wagmi's `injected()` and keeps every export of `@tessera/provider` and
 * `@tessera/wagmi` (as scripts/size.mjs counts them); `baseline.html` is the same dapp without
 * Tessera. A Vite plugin records which modules each chunk holds, so the test can tell what a page
 * loads up front and which noble copies it carries.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'

const files: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'tessera-packaging-dapp', private: true, type: 'module' }, null, 2)}\n`,
  'index.html':
    '<!doctype html>\n<html><body><script type="module" src="/src/main.ts"></script></body></html>\n',
  'baseline.html':
    '<!doctype html>\n<html><body><script type="module" src="/src/baseline.ts"></script></body></html>\n',
  'src/baseline.ts': `import { createConfig, http, injected } from '@wagmi/core'
import { mainnet } from 'viem/chains'

export const config = createConfig({
  chains: [mainnet],
  connectors: [injected()],
  transports: { [mainnet.id]: http() },
})
Object.assign(globalThis, { config })
`,
  'src/main.ts': `import * as tesseraProvider from '@tessera/provider'
import * as tesseraWagmi from '@tessera/wagmi'
import { tessera } from '@tessera/wagmi'
import { createConfig, http, injected } from '@wagmi/core'
import { mainnet } from 'viem/chains'

export const config = createConfig({
  chains: [mainnet],
  connectors: [
    injected(),
    tessera({ relayUrl: 'wss://relay.example', metadata: { name: 'Packaging check', url: location.origin } }),
  ],
  transports: { [mainnet.id]: http() },
})
Object.assign(globalThis, { config, tesseraProvider, tesseraWagmi })

/** Never called: fails the type check if the connector's declarations resolved to \`any\`. */
export function typesAreResolved() {
  // @ts-expect-error relayUrl is a string
  tessera({ relayUrl: 1, metadata: { name: 'x' } })
  const provider: tesseraProvider.TesseraProvider = tesseraProvider.createTesseraProvider({
    relayUrl: 'wss://relay.example',
    metadata: { name: 'x' },
    chains: [mainnet],
    rpc: { [mainnet.id]: http() },
  })
  return provider
}
`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM'],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`,
  'vite.config.js': `import { writeFileSync } from 'node:fs'
import { defineConfig } from 'vite'

const page = process.env.DAPP_PAGE ?? 'index'
const outDir = \`dist-\${page}\`

export default defineConfig({
  logLevel: 'warn',
  build: { outDir, manifest: true, rollupOptions: { input: \`\${page}.html\` } },
  plugins: [
    {
      name: 'record-chunk-modules',
      generateBundle(_options, bundle) {
        const chunks = {}
        for (const [file, output] of Object.entries(bundle)) {
          if (output.type === 'chunk') chunks[file] = output.moduleIds ?? Object.keys(output.modules)
        }
        writeFileSync(\`chunk-modules-\${page}.json\`, JSON.stringify(chunks))
      },
    },
  ],
})
`,
}

/** Writes the dapp into `dir` with an `.npmrc` sending the `@tessera` scope to `registryUrl`. */
export function writeDapp(dir: string, registryUrl: string): void {
  for (const [path, text] of Object.entries({
    ...files,
    '.npmrc': `@tessera:registry=${registryUrl}/\n`,
  })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
}

export interface PageSize {
  /** Up-front JavaScript (entry chunk and every chunk it imports statically), min+gzip bytes. */
  gzip: number
  /** Minified bytes of the same. */
  minified: number
  /** Module ids in the up-front chunks. */
  modules: string[]
}

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
}

/** What `page` (`index` or `baseline`) of a built dapp in `dir` loads up front. */
export function pageSize(dir: string, page: string): PageSize {
  const outDir = join(dir, `dist-${page}`)
  const manifest = JSON.parse(
    readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>
  const chunkModules = JSON.parse(
    readFileSync(join(dir, `chunk-modules-${page}.json`), 'utf8'),
  ) as Record<string, string[]>
  const upFront = new Set(Object.keys(manifest).filter((key) => manifest[key]?.isEntry))
  for (const key of upFront)
    for (const imported of manifest[key]?.imports ?? []) upFront.add(imported)
  const size: PageSize = { gzip: 0, minified: 0, modules: [] }
  for (const key of upFront) {
    const file = manifest[key]?.file
    if (file === undefined || !file.endsWith('.js')) continue
    const bytes = readFileSync(join(outDir, file))
    size.minified += bytes.length
    size.gzip += gzipSync(bytes, { level: 9 }).length
    size.modules.push(...(chunkModules[file] ?? []))
  }
  return size
}

/** `name@version` of every package whose modules are among `modules` and whose name matches. */
export function packagesIn(modules: readonly string[], name: RegExp): string[] {
  const found = new Set<string>()
  for (const id of modules) {
    const match = id.match(/^(.*\/node_modules\/((?:@[^/]+\/)?[^/]+))\//)
    if (!match?.[1] || !match[2] || !name.test(match[2])) continue
    const manifest = JSON.parse(readFileSync(join(match[1], 'package.json'), 'utf8')) as {
      version: string
    }
    found.add(`${match[2]}@${manifest.version}`)
  }
  return [...found].sort()
}
