/** Test helper: a well-formed pairing URI expiring `ttlSeconds` from now (name, topic, relay chosen). */
import { buildPairingUri } from '@tessera/protocol'

export interface TestPairingUriOptions {
  readonly ttlSeconds?: number
  readonly name?: string
  readonly topicByte?: string
  readonly relay?: string
}

export function testPairingUri({
  ttlSeconds = 300,
  name = 'Modal test dapp',
  topicByte = 'ab',
  relay = 'wss://relay.example',
}: TestPairingUriOptions = {}): string {
  return buildPairingUri({
    topic: topicByte.repeat(32),
    relay,
    key: new Uint8Array(32).fill(7),
    exp: Math.floor(Date.now() / 1000) + ttlSeconds,
    name,
    origin: 'https://dapp.example',
  })
}
