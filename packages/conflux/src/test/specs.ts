/**
 * Reads the Conflux specifications (CIP-37, CIP-23) from the design documents so their test cases
 * run as written. Path: $TESSERA_DOCS_DIR, else ../shared/docs beside the repository. Test-only;
 * never part of the package. Fails loudly when the documents are missing.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')

export function specPath(name: 'cip-37.md' | 'cip-23.md'): string {
  const dir = process.env.TESSERA_DOCS_DIR ?? join(repoRoot, '..', 'shared', 'docs')
  return resolve(dir, 'specs', name)
}

export function readSpec(name: 'cip-37.md' | 'cip-23.md'): string {
  const path = specPath(name)
  if (!existsSync(path)) {
    throw new Error(
      `Specification not found at ${path}: put ../shared beside the repository or set TESSERA_DOCS_DIR`,
    )
  }
  return readFileSync(path, 'utf8')
}

/** The fenced block that follows a `## <heading>` line. */
export function sectionCodeBlock(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`no section "${heading}"`)
  const match = /```[a-zA-Z]*\n([\s\S]*?)```/.exec(markdown.slice(start))
  if (match === null) throw new Error(`no code block in section "${heading}"`)
  return match[1] as string
}

export type Cip37Case = { hex: string; prefix: string; expected: string }

/** CIP-37 "Test Cases": lines `encode(0x…, "prefix") = address`. */
export function cip37TestCases(): Cip37Case[] {
  const block = sectionCodeBlock(readSpec('cip-37.md'), 'Test Cases')
  const cases: Cip37Case[] = []
  for (const line of block.split('\n')) {
    if (line.trim() === '') continue
    const match = /^encode\((0x[0-9a-f]{40}), "([a-z0-9]+)"\) = (\S+)$/.exec(line.trim())
    if (match === null) throw new Error(`unparsed CIP-37 test line: ${line}`)
    cases.push({
      hex: match[1] as string,
      prefix: match[2] as string,
      expected: match[3] as string,
    })
  }
  return cases
}

export type Cip23Case = {
  typedData: unknown
  hash: string
  privateKey: string
  signature: string
}

/**
 * CIP-23 "Test Cases": the expected hash (the comment `// hash: …`), private key and signature
 * (`// result: …`). The typed data of that case is written in JavaScript (`1n`); the same data is
 * given as JSON in §"Typed data" ("Here is a valid typed data object"), which is what is parsed.
 */
export function cip23TestCase(): Cip23Case {
  const spec = readSpec('cip-23.md')
  const example = spec.indexOf('Here is a valid typed data object.')
  if (example < 0) throw new Error('CIP-23 typed data example not found')
  const json = /```[a-zA-Z]*\n([\s\S]*?)```/.exec(spec.slice(example))
  const block = sectionCodeBlock(spec, 'Test Cases')
  const hash = /\/\/ hash: (0x[0-9a-f]{64})/.exec(block)
  const privateKey = /privateKey:\s*"(0x[0-9a-f]{64})"/.exec(block)
  const signature = /\/\/ result: (0x[0-9a-f]{130})/.exec(block)
  if (json === null || hash === null || privateKey === null || signature === null) {
    throw new Error('CIP-23 test case not parsed')
  }
  return {
    typedData: JSON.parse(json[1] as string),
    hash: hash[1] as string,
    privateKey: privateKey[1] as string,
    signature: signature[1] as string,
  }
}

/** The raw "Test Cases" block of CIP-23, to check the JSON example carries the same values. */
export function cip23TestCaseBlock(): string {
  return sectionCodeBlock(readSpec('cip-23.md'), 'Test Cases')
}
