/**
 * The public packages install and work in a dapp as published. Builds and packs every public
 * package (`pnpm pack`: `workspace:*` rewritten), checks each tarball (built `dist` with types,
 * no test or test helper, `npm publish --dry-run` clean), serves them from a local registry for
 * the `@tessera` scope, and, with npm and then with pnpm, installs them by name into one fresh
 * Vite + `@wagmi/core` app together with the newest viem, @wagmi/core and vite the registry
 * serves — no overrides — type-checks (npm), builds it with Vite, runs every package README's
 * offline example against the installed packages, and prints what Tessera adds to the page's
 * up-front JavaScript (min+gzip) beside the same app without it.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { packagesIn, pageSize, writeDapp } from './packaging.app.ts'
import {
  type LocalRegistry,
  type PackedPackage,
  readPackedManifest,
  startLocalRegistry,
} from './packaging.registry.ts'
import { run, withoutPackageManagerSettings } from './packaging.run.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The packages a dapp installs. The relay and the co-signer are servers, `private`, not published. */
const PUBLIC = ['noise', 'protocol', 'core', 'modal', 'provider', 'wagmi', 'conflux', 'mpc']
/** Installed with the packages, newest the registry serves. */
const THIRD_PARTY = [
  'viem@latest',
  '@wagmi/core@latest',
  '@noble/curves@latest',
  '@noble/hashes@latest',
]
const THIRD_PARTY_DEV = ['vite@latest', 'typescript@latest']

const MINUTE = 60_000
const scratch = mkdtempSync(join(tmpdir(), 'tessera-packaging-'))
const tarballDir = join(scratch, 'tarballs')
let packed: PackedPackage[] = []
let registry: LocalRegistry | undefined

/** Every ```ts block of the public packages' READMEs: the offline examples readme.test.ts runs. */
const examples = PUBLIC.filter((name) =>
  existsSync(join(root, 'packages', name, 'README.md')),
).flatMap((name) => {
  const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8')
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({
    label: `@tessera/${name} README example ${index + 1}`,
    file: `${name}-${index + 1}.ts`,
    code: match[1] ?? '',
  }))
})

/** Paths inside a gzipped tarball (ustar). */
function tarballPaths(tarball: string): string[] {
  const tar = gunzipSync(readFileSync(tarball))
  const paths: string[] = []
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const field = (start: number, length: number) =>
      tar
        .subarray(offset + start, offset + start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '')
    const name = field(0, 100)
    if (name === '') break
    const prefix = field(345, 155)
    paths.push(prefix === '' ? name : `${prefix}/${name}`)
    offset += 512 + Math.ceil(Number.parseInt(field(124, 12), 8) / 512) * 512
  }
  return paths
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

beforeAll(async () => {
  mkdirSync(tarballDir)
  const filters = PUBLIC.flatMap((name) => ['--filter', `./packages/${name}`])
  await run('pnpm', ['-r', ...filters, 'run', 'build'], { cwd: root, timeoutMs: 10 * MINUTE })
  for (const name of PUBLIC) {
    await run('pnpm', ['pack', '--pack-destination', tarballDir], {
      cwd: join(root, 'packages', name),
      timeoutMs: 3 * MINUTE,
    })
  }
  packed = readdirSync(tarballDir).map((file) => ({
    tarball: join(tarballDir, file),
    manifest: readPackedManifest(join(tarballDir, file)),
  }))
  registry = await startLocalRegistry(packed)
}, 15 * MINUTE)

afterAll(async () => {
  await registry?.close()
  rmSync(scratch, { recursive: true, force: true })
})

describe('the packed tarballs', () => {
  test('one per public package, workspace ranges rewritten, peers as ranges', () => {
    expect(packed.map((p) => p.manifest.name).sort()).toEqual(
      PUBLIC.map((name) => `@tessera/${name}`).sort(),
    )
    for (const { manifest } of packed) {
      expect(JSON.stringify(manifest), manifest.name).not.toContain('workspace:')
      const peers = (manifest.peerDependencies ?? {}) as Record<string, string>
      for (const [peer, range] of Object.entries(peers)) {
        expect({ peer, range }).toEqual({ peer, range: peer === 'viem' ? '^2' : '^3' })
      }
      const dependencies = (manifest.dependencies ?? {}) as Record<string, string>
      for (const [dependency, range] of Object.entries(dependencies)) {
        if (!dependency.startsWith('@tessera/')) expect(range, dependency).toMatch(/^\^\d/)
      }
    }
  })

  test('built dist with declarations; no test file or test helper', () => {
    for (const { tarball, manifest } of packed) {
      const paths = tarballPaths(tarball)
      expect(paths, manifest.name).toContain('package/dist/index.js')
      expect(paths, manifest.name).toContain('package/dist/index.d.ts')
      const testFiles = paths.filter((path) =>
        /\.test\.|\/test\/|\/testing\/|\/testing\.|\.readme-example-/.test(path),
      )
      expect(testFiles, manifest.name).toEqual([])
    }
  })

  test.each(PUBLIC)('npm publish --dry-run of @tessera/%s is clean', async (name) => {
    const tarball = packed.find((p) => p.manifest.name === `@tessera/${name}`)?.tarball
    if (tarball === undefined) throw new Error(`no tarball for @tessera/${name}`)
    const { stdout, stderr } = await run(
      'npm',
      ['publish', '--dry-run', '--ignore-scripts', '--tag', 'latest', tarball],
      { cwd: scratch, timeoutMs: 3 * MINUTE },
    )
    // Without credentials npm notes that a real publish needs a login; anything else is a finding
    // (an auto-corrected package.json, a missing file, a bad field).
    const complaints = stderr
      .split('\n')
      .filter((line) => /^npm (warn|error) /.test(line))
      .filter((line) => !/requires you to be logged in .*\(dry-run\)/.test(line))
    expect(complaints).toEqual([])
    expect(`${stdout}${stderr}`).toContain(`@tessera/${name}@`)
  })
})

/** Installs, builds and runs the dapp with one package manager (`npm` or `pnpm`). */
describe.each(['npm', 'pnpm'] as const)(
  'a fresh Vite + wagmi dapp installed with %s',
  (manager) => {
    const app = join(scratch, `dapp-${manager}`)

    test(
      'installs the packages by name beside the newest viem, @wagmi/core and vite',
      async () => {
        if (registry === undefined) throw new Error('no registry')
        writeDapp(app, registry.url)
        const ours = packed.map((p) => `${p.manifest.name}@${p.manifest.version}`)
        const add =
          manager === 'npm'
            ? (specs: string[], dev: boolean) =>
                run(
                  'npm',
                  [
                    'install',
                    '--no-audit',
                    '--no-fund',
                    // npm waits 5 minutes on a stalled request before its retry (pnpm: 1), which
                    // a clean-clone run once spent silently; each request is now logged, so a
                    // failure's tail names the last ones.
                    '--fetch-timeout=60000',
                    '--loglevel=http',
                    dev ? '--save-dev' : '--save',
                    ...specs,
                  ],
                  { cwd: app, timeoutMs: 8 * MINUTE },
                )
            : (specs: string[], dev: boolean) =>
                run('pnpm', ['add', ...(dev ? ['--save-dev'] : []), ...specs], {
                  cwd: app,
                  timeoutMs: 8 * MINUTE,
                })
        const outputs = [
          await add([...ours, ...THIRD_PARTY], false),
          await add(THIRD_PARTY_DEV, true),
        ]
        const said = outputs.map((o) => `${o.stdout}\n${o.stderr}`).join('\n')
        // Peers as ranges: neither client has a peer conflict to report or override.
        expect(said).not.toMatch(
          /ERESOLVE|overriding peer|unmet peer|Issues with peer dependencies/i,
        )
        const installed = (name: string) =>
          (
            JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')) as {
              version: string
            }
          ).version
        console.log(
          `${manager}: viem ${installed('viem')}, @wagmi/core ${installed('@wagmi/core')}, vite ${installed('vite')}, typescript ${installed('typescript')}`,
        )
        for (const { manifest } of packed) expect(installed(manifest.name)).toBe(manifest.version)
      },
      20 * MINUTE,
    )

    if (manager === 'npm') {
      test(
        'type-checks against the installed declarations',
        async () => {
          await run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
            cwd: app,
            timeoutMs: 5 * MINUTE,
          })
        },
        6 * MINUTE,
      )
    }

    test(
      'builds with Vite; prints what Tessera adds up front',
      async () => {
        const vite = join(app, 'node_modules', '.bin', 'vite')
        const pages = manager === 'npm' ? ['index', 'baseline'] : ['index']
        for (const page of pages) {
          await run(vite, ['build'], {
            cwd: app,
            timeoutMs: 5 * MINUTE,
            env: { ...withoutPackageManagerSettings(process.env), DAPP_PAGE: page },
          })
        }
        const withTessera = pageSize(app, 'index')
        // What a wagmi dapp loads up front: the connector and what it stands on, nothing else.
        const upFront = ['core', 'noise', 'protocol', 'provider', 'wagmi'].map((name) => {
          const manifest = packed.find((p) => p.manifest.name === `@tessera/${name}`)?.manifest
          return `@tessera/${name}@${manifest?.version}`
        })
        expect(packagesIn(withTessera.modules, /^@tessera\//)).toEqual(upFront)
        const noble = packagesIn(withTessera.modules, /^@(noble|scure)\//).join(', ')
        if (manager === 'npm') {
          const baseline = pageSize(app, 'baseline')
          const added = withTessera.gzip - baseline.gzip
          console.log(
            `Up-front JavaScript with npm: ${kb(withTessera.gzip)} min+gzip with Tessera, ${kb(baseline.gzip)} without; Tessera adds ${kb(added)} (${kb(withTessera.minified - baseline.minified)} minified). noble/scure up front: ${noble}.`,
          )
          expect(added).toBeGreaterThan(0)
        } else {
          console.log(
            `Up-front JavaScript with pnpm: ${kb(withTessera.gzip)} min+gzip with Tessera; noble/scure up front: ${noble}.`,
          )
        }
      },
      11 * MINUTE,
    )

    test.each(examples)(
      '$label runs against the installed packages',
      async ({ file, code }) => {
        const path = join(app, 'readme-examples', file)
        mkdirSync(dirname(path), { recursive: true })
        writeFileSync(path, code)
        await run(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path], {
          cwd: app,
          timeoutMs: 3 * MINUTE,
        })
      },
      4 * MINUTE,
    )
  },
)
