/**
 * Citations of the design documents resolve (`scripts/citations.mjs`): every citation in the
 * repository names a file of `docs/` (or a repository path) and, where it names a section, a
 * heading of that file by its GitHub anchor. Then the rules themselves: anchors, a wrong anchor,
 * a renamed heading, the rewrite of older forms into `docs/<FILE>.md#<anchor>`, and that the
 * rewrite is idempotent. Lives in `packages/` because the `node` Vitest project collects tests there.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  checkRepository,
  citationsOfSource,
  type Docs,
  filesToScan,
  fixSource,
  headings,
  literalCitations,
  loadDocs,
  problemOf,
  slugify,
} from '../scripts/citations.mjs'

const root = resolve(import.meta.dirname, '..')

/** A small `docs/` in memory: file name → Markdown. */
function docsOf(files: Record<string, string>): Docs {
  return new Map(Object.entries(files).map(([name, text]) => [name, headings(text)]))
}

const DOCS = docsOf({
  'SESSION.md': '# Sessions\n\n## Pairing URI\n\n## Handshake\n\n## Signer ↔ co-signer\n',
  'THRESHOLD.md': '# Threshold keys\n\n## Conventions\n\n### Hashing\n\n## DKG\n',
  'RELAY.md': '# Relay\n\n## Pitfalls\n\n### 6. Exact audience\n',
  'STYLE.md': '# Style\n\n## 9. Explicit exports\n',
})

/** Each problem of one comment (`fileName` decides where bare names may live). */
function problems(comment: string, docs: Docs = DOCS, fileName = 'packages/x/src/a.ts') {
  return citationsOfSource(comment, fileName, docs).map((c) => problemOf(c, fileName, docs, root))
}

describe('the repository', () => {
  test('every citation resolves to a file of docs/ and a heading of it', () => {
    const unresolved = checkRepository(root).map((p) => `${p.file}:${p.line}: ${p.problem}`)
    expect(unresolved, unresolved.join('\n')).toEqual([])
  })

  test('has every topic file of docs/', () => {
    const names = [...loadDocs(root).keys()]
    for (const name of [
      'ARCHITECTURE.md',
      'SESSION.md',
      'RELAY.md',
      'COSIGNER.md',
      'THRESHOLD.md',
      'CHAINS.md',
      'AUTH.md',
      'STYLE.md',
    ]) {
      expect(names).toContain(name)
    }
  })

  test('--fix would change nothing a second time', () => {
    const docs = loadDocs(root)
    const unstable = filesToScan(root).filter((file) => {
      const source = readFileSync(join(root, file), 'utf8')
      const once = fixSource(source, file, docs)
      return once !== source && fixSource(once, file, docs) !== once
    })
    expect(unstable).toEqual([])
  })
})

describe('anchors', () => {
  test('are GitHub slugs: lower case, punctuation dropped, spaces to hyphens', () => {
    expect(slugify('Refresh, backup, recovery')).toBe('refresh-backup-recovery')
    expect(slugify('Signer ↔ co-signer')).toBe('signer--co-signer')
    expect(slugify('Conflux Core Space (`packages/conflux`)')).toBe(
      'conflux-core-space-packagesconflux',
    )
    expect(slugify('9. Explicit exports')).toBe('9-explicit-exports')
    expect(slugify('JSON-RPC inside the session')).toBe('json-rpc-inside-the-session')
  })

  test('repeated headings get -1, -2; headings inside code fences do not count', () => {
    const list = headings('# A\n## Notes\n```md\n## Hidden\n```\n### Notes\n## Notes\n')
    expect(list.map((h) => h.anchor)).toEqual(['a', 'notes', 'notes-1', 'notes-2'])
  })
})

describe('resolution', () => {
  test('canonical citations resolve to an existing heading', () => {
    expect(problems('// docs/SESSION.md#handshake and docs/RELAY.md\n')).toEqual([
      undefined,
      undefined,
    ])
  })

  test('a wrong anchor fails', () => {
    expect(problems('// see docs/SESSION.md#hand-shake\n')).toEqual([
      'no heading #hand-shake in docs/SESSION.md',
    ])
  })

  test('a renamed heading fails the citations of its old name', () => {
    const comment = '/** Pairing (docs/SESSION.md#handshake, SESSION.md "Handshake"). */\n'
    expect(problems(comment)).toEqual([undefined, undefined])
    const renamed = docsOf({ 'SESSION.md': '# Sessions\n\n## Key exchange\n' })
    expect(problems(comment, renamed)).toEqual([
      'no heading #handshake in docs/SESSION.md',
      '"Handshake" is not a heading of docs/SESSION.md',
    ])
  })

  test('a file that is not in docs/ fails, unless a bare name is a repository path', () => {
    expect(problems('// docs/NOPE.md#x\n')).toEqual(['no file docs/NOPE.md'])
    expect(problems('// NOPE.md\n')).toEqual(['no file docs/NOPE.md or NOPE.md'])
    expect(problems('// see README.md\n', DOCS, 'packages/mpc/src/a.ts')).toEqual([undefined])
  })

  test('the brief beside the repository is not a citation that resolves', () => {
    expect(problems('Conventions: `../shared/docs/STYLE.md`.\n', DOCS, 'README.md')).toEqual([
      'STYLE.md is cited outside the repository (../shared/docs)',
    ])
  })

  test('Markdown links resolve relative to their file, anchor included', () => {
    const text = '[a](SESSION.md#handshake) [b](SESSION.md#nope) [c](MISSING.md)\n'
    expect(problems(text, DOCS, 'docs/ARCHITECTURE.md')).toEqual([
      undefined,
      'no heading #nope in SESSION.md',
      'no file docs/MISSING.md',
    ])
  })

  test('string literals are code, not citations', () => {
    expect(problems("const docsPath = 'SESSION.md#nope' // docs/SESSION.md\n")).toEqual([undefined])
  })
})

describe('--strings', () => {
  test("checks string literals that are a citation, such as an error's docsPath", () => {
    const file = 'packages/x/src/e.ts'
    const source = "const a = { docsPath: 'SESSION.md#handshake' }\nconst b = 'SESSION.md#nope'\n"
    const found = literalCitations(source, file, DOCS)
    expect(found.map((c) => source.slice(c.start, c.start + 10))).toEqual([
      'SESSION.md',
      'SESSION.md',
    ])
    expect(found.map((c) => problemOf(c, file, DOCS, root))).toEqual([
      undefined,
      'no heading #nope in docs/SESSION.md',
    ])
    expect(found.every((c) => c.fix === undefined)).toBe(true)
  })
})

describe('--fix', () => {
  const fix = (source: string, fileName = 'packages/x/src/a.ts') =>
    fixSource(source, fileName, DOCS)

  test('rewrites the older forms into docs/<FILE>.md#<anchor>', () => {
    const cases: [string, string][] = [
      ['// (THRESHOLD.md "Conventions")\n', '// (docs/THRESHOLD.md#conventions)\n'],
      [
        '// (THRESHOLD.md, "DKG", "Conventions")\n',
        '// (docs/THRESHOLD.md#dkg, docs/THRESHOLD.md#conventions)\n',
      ],
      ['// (SESSION.md#pairing-uri)\n', '// (docs/SESSION.md#pairing-uri)\n'],
      ['// the relay (RELAY.md)\n', '// the relay (docs/RELAY.md)\n'],
      ['// exports (STYLE.md §9)\n', '// exports (docs/STYLE.md#9-explicit-exports)\n'],
      ['// aud (RELAY.md pitfall 6)\n', '// aud (docs/RELAY.md#6-exact-audience)\n'],
      ['// (SESSION.md "Signer ↔ co-signer")\n', '// (docs/SESSION.md#signer--co-signer)\n'],
      [
        '// (THRESHOLD.md: "Tags are versioned ASCII constants")\n',
        '// (docs/THRESHOLD.md#hashing: Tags are versioned ASCII constants)\n',
      ],
    ]
    for (const [before, after] of cases) expect(fix(before)).toBe(after)
  })

  test('a heading quoted across two comment lines becomes one citation', () => {
    const before = '/**\n * Frames (SESSION.md "Signer ↔\n * co-signer"): the rounds.\n */\n'
    expect(fix(before)).toBe(
      '/**\n * Frames (docs/SESSION.md#signer--co-signer): the rounds.\n */\n',
    )
  })

  test('leaves a quotation it cannot place, and string literals, as they are', () => {
    const source = `const p = 'SESSION.md#handshake' // (SESSION.md "No such part")\n`
    expect(fix(source)).toBe(source)
  })

  test('wraps a comment line it made longer than 100 columns', () => {
    const words = 'word '.repeat(16).trim()
    const before = `/**\n * ${words} (STYLE.md §9) and\n * more.\n */\n`
    const after = fix(before)
    expect(after).toContain('docs/STYLE.md#9-explicit-exports')
    for (const line of after.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
    const text = (s: string) =>
      s
        .replace(/^ *(?:\/\*\*|\*\/|\*) ?/gm, '')
        .split(/\s+/)
        .filter(Boolean)
    expect(text(after)).toEqual(text(`${words} (docs/STYLE.md#9-explicit-exports) and more.`))
  })

  test('is idempotent', () => {
    const source = [
      '/**',
      ' * The registry (THRESHOLD.md: "Tags are versioned ASCII constants kept in one',
      ' * registry file"), see also SESSION.md "Handshake" and STYLE.md item 9 and RELAY.md.',
      ' */',
      '',
    ].join('\n')
    const once = fix(source)
    expect(once).not.toBe(source)
    expect(fix(once)).toBe(once)
  })
})
