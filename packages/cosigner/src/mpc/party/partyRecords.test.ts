/**
 * A sealed share record that opens but does not decode (the protocol's tagged value form) is our
 * own storage's fault: `Internal`, never the `Malformed`/`BadRequest` a peer's bad frame gets.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createKeyring, masterKey } from '../../crypto/masterKey.ts'
import { upsertIdentity } from '../../storage/identities.ts'
import { putKey } from '../../storage/keys.ts'
import { ENGINES, type TestStore } from '../../test/engines.ts'
import { describeRunError } from './describeRunError.ts'
import { loadCurrent } from './partyRecords.ts'

let store: TestStore
beforeAll(async () => {
  store = await (ENGINES.find((e) => e.name === 'pglite') as (typeof ENGINES)[number]).open()
  await upsertIdentity(store.db, 'id-1', 'oidc', 1)
}, 60_000)
afterAll(() => store?.cleanup())

test.each([
  ['a truncated value', Uint8Array.of(7, 0, 0, 0, 3)],
  ['trailing bytes', Uint8Array.of(0, 0)],
])('a stored record with %s is refused as Internal', async (_label, share) => {
  const deps = { db: store.db, keyring: createKeyring(masterKey(randomBytes(32))), now: () => 1 }
  const keyId = `k-${randomBytes(4).toString('hex')}`
  await putKey(
    deps.db,
    deps.keyring,
    {
      identity: 'id-1',
      keyId,
      epoch: 0,
      curve: 'ed25519',
      status: 'active',
      publicKey: new Uint8Array(32),
      publicState: {},
      share,
    },
    1,
  )
  const error = await loadCurrent(deps, 'id-1', keyId).catch((e: unknown) => e)
  expect(describeRunError(error)).toMatchObject({
    name: 'CosignerError',
    code: 'Internal',
    message: expect.stringContaining('stored share record damaged'),
  })
})
