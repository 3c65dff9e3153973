/**
 * The storage contract suite: every section runs on every engine (PGlite and the real
 * PostgreSQL), on one store per engine — PGlite takes seconds to start, so sections share it
 * and use unique identities instead of fresh databases.
 */
import { afterAll, beforeAll, describe } from 'vitest'
import { auditContract } from './audit/auditLog.contract.ts'
import { consumeAndAppendContract } from './audit/consumeAndAppend.contract.ts'
import { policyContract } from './policy/policy.contract.ts'
import { releasePolicyContract } from './policy/releasePolicy.contract.ts'
import { storageContract } from './storage/storage.contract.ts'
import { ENGINES, type TestStore } from './test/engines.ts'

describe.each(ENGINES)('contract on $name', (engine) => {
  let store: TestStore | undefined
  const current = () => {
    if (store === undefined) throw new Error(`the ${engine.name} store did not open`)
    return store
  }
  beforeAll(async () => {
    store = await engine.open()
  }, 120_000)
  afterAll(async () => {
    await store?.cleanup()
  })
  storageContract(engine, current)
  auditContract(engine, current)
  consumeAndAppendContract(engine, current)
  policyContract(engine, current)
  releasePolicyContract(engine, current)
})
