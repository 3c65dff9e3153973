/**
 * Structure guards (rules in structure.ts): no relative import into another package, no class
 * name exported by two packages, no wire validator in the relay or the co-signer outside the
 * allow-list below, no database, policy or audit import in the co-signer's MPC channel. Each check
 * is first shown to fail on a small made-up workspace.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import {
  crossPackageImports,
  duplicateClassNames,
  isTestPath,
  listPackages,
  moduleSpecifiers,
  sourceFiles,
  WIRE_VALIDATOR_RULE,
  wireValidators,
} from './structure.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Wire validators the relay and the co-signer still define, as `path#name`. The issue "One wire
 * format ... and packages a dapp can install" moves each into `@tessera/protocol`: delete its line
 * here when it moves (the test fails on a line whose validator is gone, so the list only shrinks).
 */
const MOVING_TO_PROTOCOL: string[] = []

/**
 * Functions the rule matches that read no wire format of ours; each was reviewed and stays: input
 * read at start-up, or chain data the policy judges after @tessera/protocol's codec parsed the run.
 */
const NOT_WIRE = [
  // The operator's policy file (COSIGNER_POLICY), read at start-up.
  'packages/cosigner/src/policy/policy.ts#parsePolicy',
  // The text a Solana signMessage signs (the frost-sign run's payload, already parsed by the
  // protocol's codec), judged by the policy like decodeConfluxPersonalSign.
  'packages/cosigner/src/policy/decodeSolanaRequest.ts#decodeSolanaMessage',
]

/**
 * Class names two packages export today, with the packages (the relay's and the co-signer's
 * `ConfigError` became the server kit's one). Delete an entry when it stops being true (the test
 * fails on an entry no longer true).
 */
const DUPLICATE_CLASSES = new Map<string, string[]>()

/**
 * The co-signer's MPC channel (the channel folder, any `mpcChannel*.ts`, and the seam it sees,
 * `mpcParty.ts`) does authentication, Noise, frames, ordering and timeouts only: the party owns
 * key locks, policy, audit and storage, so the channel imports nothing from those folders.
 */
const COSIGNER_SRC = 'packages/cosigner/src'
const CHANNEL_FILE = /^mpc\/(?:channel\/.+|mpcChannel[^/]*|mpcParty)\.ts$/
const PARTY_ONLY = ['storage', 'policy', 'audit']

/** `file: specifier` of each import of a channel file (paths relative to `src`) into PARTY_ONLY. */
function channelImportsOfParty(files: ReadonlyMap<string, string>): string[] {
  return [...files]
    .filter(([file]) => CHANNEL_FILE.test(file))
    .flatMap(([file, code]) =>
      moduleSpecifiers(code)
        .filter((specifier) => specifier.startsWith('.'))
        .filter((specifier) => {
          const target = join(dirname(file), specifier).split(sep).join('/')
          return PARTY_ONLY.some((dir) => target.startsWith(`${dir}/`))
        })
        .map((specifier) => `${file}: ${specifier}`),
    )
}

const scratch = mkdtempSync(join(tmpdir(), 'tessera-structure-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Writes `files` (relative path → text) under a fresh directory and returns it. */
function workspace(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const manifest = (name: string) =>
  JSON.stringify({ name, exports: { '.': { source: './src/index.ts' } } })

describe('the checks catch what they are for', () => {
  test('a relative import into another package is found; one inside the package is not', () => {
    const core = join(root, 'packages', 'core')
    const relay = join(root, 'relay')
    const files = new Map([
      [
        join(core, 'src', 'a.test.ts'),
        "import { x } from '../../../relay/src/auth/verifyJwt.ts'\nimport { y } from './b.ts'\nawait import('../../../relay/src/index.ts')\n",
      ],
      [join(relay, 'src', 'c.ts'), "export * from './d.ts'\n"],
    ])
    expect(crossPackageImports(files, [core, relay])).toEqual([
      {
        file: join(core, 'src', 'a.test.ts'),
        specifier: '../../../relay/src/auth/verifyJwt.ts',
        target: `src${sep}auth${sep}verifyJwt.ts`,
      },
      {
        file: join(core, 'src', 'a.test.ts'),
        specifier: '../../../relay/src/index.ts',
        target: `src${sep}index.ts`,
      },
    ])
  })

  test('two packages exporting a class of one name are found, through re-exports', () => {
    const dir = workspace('classes', {
      'packages/a/package.json': manifest('@x/a'),
      'packages/a/src/index.ts':
        "export { RelayError } from './errors.ts'\nexport { type Shape } from './shape.ts'\n",
      'packages/a/src/errors.ts': 'export class RelayError extends Error {}\n',
      'packages/a/src/shape.ts': 'export class Shape {}\n',
      'packages/b/package.json': manifest('@x/b'),
      'packages/b/src/index.ts':
        "import { Shape } from './deep/index.ts'\nexport * from './deep/index.ts'\nexport { Shape }\n",
      'packages/b/src/deep/index.ts':
        'export class RelayError extends Error {}\nexport class Shape {}\nclass Hidden {}\n',
      'relay/package.json': manifest('@x/relay'),
      'relay/src/index.ts': "export { RelayError } from '@x/a'\n",
    })
    expect(duplicateClassNames(listPackages(dir), dir)).toEqual(
      new Map([
        [
          'RelayError',
          [
            '@x/a: packages/a/src/errors.ts#RelayError',
            '@x/b: packages/b/src/deep/index.ts#RelayError',
          ],
        ],
      ]),
    )
  })

  test("an MPC channel file importing storage, policy or audit is found; the party's is not", () => {
    const files = new Map([
      ['mpc/channel/runStep.ts', "import { appendAudit } from '../../audit/auditLog.ts'\n"],
      ['mpc/mpcChannel.ts', "import type { Database } from '../storage/database.ts'\n"],
      ['mpc/mpcParty.ts', "import type { DecodedRequest } from '../policy/decodeRequest.ts'\n"],
      ['mpc/channel/ok.ts', "import { CosignerError } from '../../errors.ts'\n"],
      ['mpc/party/createParty.ts', "import { authorizeSigning } from '../../policy/a.ts'\n"],
    ])
    expect(channelImportsOfParty(files)).toEqual([
      'mpc/channel/runStep.ts: ../../audit/auditLog.ts',
      'mpc/mpcChannel.ts: ../storage/database.ts',
      'mpc/mpcParty.ts: ../policy/decodeRequest.ts',
    ])
  })

  test('wire validators are told apart from other exported functions', () => {
    const code = [
      'export function parseThing(input: unknown): string { return String(input) }',
      'export const isSessionFrame = (value: unknown): value is object => true',
      'export function decodeFrame(bytes: Uint8Array) { return bytes }',
      'export function parseMessage(text: string) { return text }',
      'export function parseName(text: string) { return text }',
      'export function formatThing(input: unknown) { return input }',
      'function validateHidden(input: unknown) { return input }',
      'export const checkLater = function (input: unknown) { return input }',
    ].join('\n')
    expect(wireValidators('x.ts', code)).toEqual([
      'parseThing',
      'isSessionFrame',
      'decodeFrame',
      'parseMessage',
      'checkLater',
    ])
    expect(WIRE_VALIDATOR_RULE).toContain('unknown')
  })
})

describe('the workspace keeps the rules', () => {
  const packages = listPackages(root)

  test('no package imports another package by relative path', () => {
    const files = new Map(
      packages.flatMap((pkg) =>
        sourceFiles(pkg.dir).map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
      ),
    )
    expect(files.size).toBeGreaterThan(100)
    const found = crossPackageImports(
      files,
      packages.map((pkg) => pkg.dir),
    ).map(({ file, specifier }) => `${relative(root, file)}: ${specifier}`)
    expect(found, 'import the package by name; test helpers through its ./testing export').toEqual(
      [],
    )
  })

  test('no two packages export a class of the same name', () => {
    expect(packages.every((pkg) => pkg.entries.length > 0)).toBe(true)
    const duplicates = new Map(
      [...duplicateClassNames(packages, root)].map(([name, definitions]) => [
        name,
        definitions.map((definition) => definition.split(':')[0]),
      ]),
    )
    expect(duplicates).toEqual(DUPLICATE_CLASSES)
  })

  test('the relay and the co-signer define no wire validator beyond the allow-list', () => {
    const found = ['relay/src', 'packages/cosigner/src']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .map((file) => relative(root, file).split(sep).join('/'))
      .filter((path) => !isTestPath(path))
      .flatMap((path) =>
        wireValidators(path, readFileSync(join(root, path), 'utf8')).map(
          (name) => `${path}#${name}`,
        ),
      )
      .sort()
    const allowed = new Set([...MOVING_TO_PROTOCOL, ...NOT_WIRE])
    expect(
      found.filter((entry) => !allowed.has(entry)),
      `wire validators belong in @tessera/protocol (rule: ${WIRE_VALIDATOR_RULE})`,
    ).toEqual([])
    expect(
      [...allowed].filter((entry) => !found.includes(entry)),
      'gone from the code: delete these lines from the allow-list',
    ).toEqual([])
  })

  test("the co-signer's MPC channel imports no storage, policy or audit code", () => {
    const src = join(root, COSIGNER_SRC)
    const files = new Map(
      sourceFiles(join(src, 'mpc')).map((file): [string, string] => [
        relative(src, file).split(sep).join('/'),
        readFileSync(file, 'utf8'),
      ]),
    )
    expect([...files.keys()].filter((file) => CHANNEL_FILE.test(file)).length).toBeGreaterThan(3)
    expect(channelImportsOfParty(files), 'the party (mpc/party/) owns these').toEqual([])
  })
})
