/**
 * Every package error's `docsPath` names a section of docs/errors.md that exists, and that
 * section lists the error's `code` (one error family per section; docs/errors.md describes them).
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { InvalidAddressError } from './conflux/src/address/InvalidAddressError.ts'
import { InvalidCoreTransactionError } from './conflux/src/transaction/InvalidCoreTransactionError.ts'
import { InvalidTypedDataError } from './conflux/src/typedData/InvalidTypedDataError.ts'
import { RelayError } from './core/src/relay/RelayError.ts'
import { PairingError } from './core/src/session/SessionError.ts'
import { MpcError } from './mpc/src/errors.ts'
import { NoiseError } from './noise/src/errors.ts'
import { RpcTimeoutError } from './protocol/src/errors/RpcTimeoutError.ts'
import { EnvelopeError } from './protocol/src/frames/EnvelopeError.ts'
import { MessageValidationError } from './protocol/src/jsonrpc/MessageValidationError.ts'
import { PairingUriError } from './protocol/src/pairing/PairingUriError.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const doc = readFileSync(join(root, 'docs', 'errors.md'), 'utf8')

/** Each `## ` section of the document by its GitHub anchor. */
const sections = new Map(
  doc
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const heading = section.slice(0, section.indexOf('\n'))
      const anchor = heading
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-')
      return [anchor, section] as const
    }),
)

test.each([
  new EnvelopeError('BadNonce', 'x'),
  new PairingUriError('Expired', 'x'),
  new MessageValidationError('BadError', '$', 'x'),
  new RpcTimeoutError({ timeoutMs: 1 }),
  new PairingError('Refused', 'x'),
  new RelayError('OutboxFull', 'x'),
  new InvalidAddressError('BadChecksum', 'x'),
  new InvalidCoreTransactionError('BadRlp', 'x'),
  new InvalidTypedDataError('$', 'x'),
  new NoiseError('DecryptFailed', 'x'),
  new MpcError('Ban', 'x'),
])('$name: docsPath is a section of docs/errors.md that lists code $code', (error) => {
  const [file, anchor = ''] = error.docsPath?.split('#') ?? []
  expect(file).toBe('docs/errors.md')
  const section = sections.get(anchor)
  expect(section, `no section #${anchor}`).toBeDefined()
  expect(section).toContain(`\`${error.code}\``)
})
