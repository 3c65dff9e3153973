import { createHandshake, createTransport, generateKeyPair, restoreTransport } from '@tessera/noise'
import { decodeEnvelope, encodeEnvelope, sessionTopicFromHandshakeHash } from '@tessera/protocol'
import { expect, test } from 'vitest'
import { IK } from '../pairing/createPairing.ts'
import { createIndexedDbSessionStore } from '../storage/createIndexedDbSessionStore.ts'
import { readSessionRecord, type SessionRecord, sessionKey } from './sessionRecord.ts'

test('a session saved in IndexedDB survives a reload: the restored transport opens a message sealed before', async () => {
  const dappKey = generateKeyPair()
  const signer = createHandshake({
    protocolName: IK,
    initiator: true,
    staticKeyPair: generateKeyPair(),
    remoteStaticKey: dappKey.publicKey,
  })
  const dapp = createHandshake({ protocolName: IK, initiator: false, staticKeyPair: dappKey })
  dapp.readMessage(signer.writeMessage())
  signer.readMessage(dapp.writeMessage())
  const signerSplit = signer.split()
  const topic = sessionTopicFromHandshakeHash(signerSplit.handshakeHash)
  const signerTransport = createTransport(signerSplit)
  const dappTransport = createTransport(dapp.split())
  const ad = new TextEncoder().encode(topic)

  // The dapp saves its session in real IndexedDB (through idb-keyval).
  const database = `tessera-test-${crypto.randomUUID()}`
  const record: SessionRecord = {
    v: 1,
    role: 'dapp',
    id: 'ab'.repeat(16),
    topic,
    relay: 'ws://127.0.0.1:1',
    origin: 'https://dapp.example',
    peer: { name: 'Wallet' },
    accounts: {},
    chains: ['eip155:1'],
    methods: ['personal_sign'],
    chainId: 'eip155:1',
    expiry: 2_000_000_000,
    multiple: false,
    nextRequestId: 1,
    transport: dappTransport.exportState(),
  }
  await createIndexedDbSessionStore({ database }).set(sessionKey(topic), record)
  dappTransport.destroy()

  // Sealed by the signer while the page is gone.
  const sealed = encodeEnvelope(signerTransport.seal(new TextEncoder().encode('{"id":1}'), ad))

  // "Reload": a new store object on the same database; the stored keys are still bytes.
  const reopened = createIndexedDbSessionStore({ database })
  const restored = readSessionRecord(await reopened.get(sessionKey(topic)))
  expect(restored?.transport.send.key).toBeInstanceOf(Uint8Array)
  expect(await reopened.keys()).toEqual([sessionKey(topic)])
  const transport = restoreTransport((restored as SessionRecord).transport)
  const { nonce, ciphertext } = decodeEnvelope(sealed)
  expect(new TextDecoder().decode(transport.open(nonce, ciphertext, ad))).toBe('{"id":1}')
  // The replay window came back too: the same envelope is refused.
  expect(() => transport.open(nonce, ciphertext, ad)).toThrow(/already/)
  indexedDB.deleteDatabase(database)
})
