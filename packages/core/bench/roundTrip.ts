/**
 * Core benchmark: pairing time and `personal_sign` round trips (dapp → local relay → test wallet
 * peer → relay → dapp), 1,000 requests one after another, beside a bare relay publish → deliver
 * round trip measured in the same run as the reference. Prints a table, then one JSON line.
 * Run: `pnpm bench` in packages/core (bench/index.ts starts this file with the `source`
 * condition). Loopback only; the relay runs in this process.
 */
import { type Hex, verifyMessage } from 'viem'
import { createPairing } from '../src/pairing/createPairing.ts'
import { createRelayClient } from '../src/relay/createRelayClient.ts'
import { relayIdentityFromSeed } from '../src/relay/relayIdentity.ts'
import { createMemorySessionStore } from '../src/storage/createMemorySessionStore.ts'
import { NodeWebSocket, startRelayHarness } from '../src/testing/relayHarness.ts'
import { createTestWallet } from '../src/testing/testWallet.ts'

const REQUESTS = 1000
const PRIVATE_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcaca8d1f15c7a8b1e'

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
const round = (n: number): number => Math.round(n * 100) / 100

const relay = await startRelayHarness({ publishPerSecClient: 100_000, publishPerSecIp: 100_000 })
const client = async () =>
  createRelayClient({
    url: relay.url,
    identity: await relayIdentityFromSeed(crypto.getRandomValues(new Uint8Array(32))),
    WebSocket: NodeWebSocket,
  })
const dappRelay = await client()
const walletRelay = await client()
await Promise.all([dappRelay.waitOnline(5000), walletRelay.waitOnline(5000)])

// Reference: bare relay round trip (publish → other client → publish back), no crypto.
const ping = 'ab'.repeat(32)
const pong = 'cd'.repeat(32)
await Promise.all([dappRelay.subscribe(pong), walletRelay.subscribe(ping)])
walletRelay.events.on('message', (m) => {
  if (m.topic === ping) walletRelay.publish(pong, m.message, { ttl: 60 }).catch(() => {})
})
const bare: number[] = []
for (let i = 0; i < REQUESTS; i++) {
  const start = performance.now()
  const back = new Promise<void>((resolve) => {
    const off = dappRelay.events.on('message', (m) => {
      if (m.topic !== pong) return
      off()
      resolve()
    })
  })
  await dappRelay.publish(ping, `cGluZw${i}`.padEnd(12, '=').slice(0, 12), { ttl: 60 })
  await back
  bare.push(performance.now() - start)
}

const wallet = createTestWallet({ privateKey: PRIVATE_KEY, chainIds: [1] })
const pairingStart = performance.now()
const pairing = await createPairing({
  relay: dappRelay,
  store: createMemorySessionStore(),
  metadata: { name: 'Bench dapp' },
  origin: 'https://bench.example',
  chains: ['eip155:1'],
  methods: ['personal_sign'],
})
await wallet.pair({ uri: pairing.uri, relay: walletRelay, store: createMemorySessionStore() })
const dapp = await pairing.approved
const pairingMs = performance.now() - pairingStart

const times: number[] = []
for (let i = 0; i < REQUESTS; i++) {
  const start = performance.now()
  const signature = await dapp.request({
    method: 'personal_sign',
    params: [`message ${i}`, wallet.address],
  })
  times.push(performance.now() - start)
  // Checked outside the timed part: every answer is a real signature of its own message.
  if (
    !(await verifyMessage({
      address: wallet.address,
      message: `message ${i}`,
      signature: signature as Hex,
    }))
  ) {
    throw new Error(`request ${i}: the signature does not verify`)
  }
}

await Promise.all([dappRelay.close(), walletRelay.close()])
await relay.dispose()

bare.sort((a, b) => a - b)
times.sort((a, b) => a - b)
const rows = [
  ['bare relay round trip (reference)', percentile(bare, 50), percentile(bare, 99)],
  ['personal_sign round trip', percentile(times, 50), percentile(times, 99)],
] as const
console.log(`\n${'measure'.padEnd(36)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`)
for (const [name, p50, p99] of rows) {
  console.log(
    `${name.padEnd(36)}${round(p50).toFixed(2).padStart(10)}${round(p99).toFixed(2).padStart(10)}`,
  )
}
console.log(
  `${'pairing (URI → both sessions)'.padEnd(36)}${round(pairingMs).toFixed(2).padStart(10)}`,
)
console.log(
  `round trips: ${REQUESTS}; ratio p50 personal_sign / bare relay: ${round(percentile(times, 50) / percentile(bare, 50))}\n`,
)
console.log(
  JSON.stringify({
    roundTripP50Ms: round(percentile(times, 50)),
    roundTripP99Ms: round(percentile(times, 99)),
    pairingMs: round(pairingMs),
    bareRelayP50Ms: round(percentile(bare, 50)),
    requests: REQUESTS,
  }),
)
