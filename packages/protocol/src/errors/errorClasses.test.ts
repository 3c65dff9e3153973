/**
 * Every error class of the package is exported, is a BaseError with a stable name and a string
 * `code`, and its `docsPath` names a section of docs/errors.md that exists.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import {
  BaseError,
  EnvelopeError,
  MessageValidationError,
  PairingUriError,
  RpcTimeoutError,
} from '../index.ts'

const ERRORS_DOC = fileURLToPath(new URL('../../../../docs/errors.md', import.meta.url))

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as dashes. */
function anchors(markdown: string): Set<string> {
  const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line))
  return new Set(
    headings.map((line) =>
      line
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    ),
  )
}

const instances = [
  new EnvelopeError('TooShort', 'x'),
  new PairingUriError('BadTopic', 'x'),
  new MessageValidationError('BadId', '$.id', 'x'),
  new RpcTimeoutError({ timeoutMs: 1 }),
] as const

describe('error classes', () => {
  test('each is a BaseError with its stable name and a PascalCase code', () => {
    expect(instances.map((e) => [e.name, e.code])).toEqual([
      ['EnvelopeError', 'TooShort'],
      ['PairingUriError', 'BadTopic'],
      ['MessageValidationError', 'BadId'],
      ['RpcTimeoutError', 'RpcTimeout'],
    ])
    for (const error of instances) expect(error).toBeInstanceOf(BaseError)
  })

  test('each docsPath is a section of docs/errors.md', () => {
    const sections = anchors(readFileSync(ERRORS_DOC, 'utf8'))
    for (const error of instances) {
      const [file, anchor] = (error.docsPath ?? '').split('#')
      expect(file).toBe('docs/errors.md')
      expect(sections.has(anchor ?? '')).toBe(true)
    }
  })
})
