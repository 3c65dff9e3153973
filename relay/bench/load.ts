/**
 * The benchmark's load generator, run as its own process so the relay under test has a core to
 * itself: `forward` (relay throughput, windowed publishes between publisher/subscriber pairs),
 * `echo` (the same load against the bare echo server), `latency` (paced publishes at a fixed rate,
 * publish→deliver times), `idle` (N authenticated connections held open). Prints one JSON line
 * with its result. Loopback only; every loop is bounded by a duration or a count. Bench-only.
 */
import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import { newIdentity, signJwt } from '../test/jwt.ts'

const args = new Map<string, string>()
for (let i = 2; i < process.argv.length; i += 2) {
  args.set(process.argv[i] as string, process.argv[i + 1] as string)
}
const scenario = args.get('--scenario') ?? 'forward'
const url = args.get('--url') ?? ''
const durationMs = Number(args.get('--duration') ?? 5000)
const pairs = Number(args.get('--pairs') ?? 8)
const window = Number(args.get('--window') ?? 100)
const rate = Number(args.get('--rate') ?? 1000)
const count = Number(args.get('--count') ?? 10_000)
const PAYLOAD = randomBytes(384).toString('base64') // 512 characters, like a small WC envelope

if (!url.startsWith('ws://127.0.0.1:')) throw new Error('--url must be a loopback ws:// URL')

function connect(auth: boolean): Promise<WebSocket> {
  const target = auth ? `${url}/?auth=${signJwt(newIdentity(), { aud: url })}` : url
  const ws = new WebSocket(target, { perMessageDeflate: false })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

const topic = (): string => randomBytes(32).toString('hex')
let nextId = 1
const publishFrame = (t: string, message: string): string =>
  `{"id":"${nextId++}","jsonrpc":"2.0","method":"irn_publish","params":{"topic":"${t}","message":"${message}","ttl":300,"tag":1108}}`

async function subscribe(ws: WebSocket, t: string): Promise<void> {
  ws.send(
    `{"id":"s${t.slice(0, 8)}","jsonrpc":"2.0","method":"irn_subscribe","params":{"topic":"${t}"}}`,
  )
  await new Promise<void>((resolve) => {
    const on = (data: WebSocket.RawData) => {
      if (data.toString().includes(`"s${t.slice(0, 8)}"`)) {
        ws.off('message', on)
        resolve()
      }
    }
    ws.on('message', on)
  })
}

/**
 * Corks a socket until the end of the event-loop turn, so the generator's own sends batch into
 * few syscalls and the generator is not the bottleneck of what it measures.
 */
function corkedSend(ws: WebSocket): (text: string) => void {
  const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket
  let corked = false
  return (text) => {
    if (!corked) {
      corked = true
      socket.cork()
      setImmediate(() => {
        corked = false
        socket.uncork()
      })
    }
    ws.send(text)
  }
}

/** Subscriber side: ack every push; `onPush` sees the frame (only latency needs to read it). */
function onPushes(ws: WebSocket, onPush: (data: Buffer) => void): void {
  const send = corkedSend(ws)
  ws.on('message', (data: Buffer) => {
    // Only the head is decoded: `{"id":<digits>,"jsonrpc":"2.0","method":"irn_subscription"`.
    const id = /^\{"id":(\d+),"jsonrpc":"2.0","method":"irn_subscription"/.exec(
      data.subarray(0, 80).toString('latin1'),
    )?.[1]
    if (id === undefined) return
    send(`{"id":${id},"jsonrpc":"2.0","result":true}`)
    onPush(data)
  })
}

async function forward(): Promise<unknown> {
  let delivered = 0
  let counting = false
  const sockets: WebSocket[] = []
  let stop = false
  for (let p = 0; p < pairs; p++) {
    const [pub, sub] = await Promise.all([connect(true), connect(true)])
    sockets.push(pub, sub)
    const t = topic()
    await subscribe(sub, t)
    onPushes(sub, () => {
      if (counting) delivered++
    })
    let inflight = 0
    const send = corkedSend(pub)
    const pump = (): void => {
      while (!stop && inflight < window) {
        inflight++
        // Messages are unique, as real (encrypted) ones are: the relay deduplicates identical ones.
        send(publishFrame(t, `${nextId}.${PAYLOAD}`))
      }
    }
    pub.on('message', () => {
      inflight--
      pump()
    })
    pump()
  }
  await new Promise((r) => setTimeout(r, 1000)) // warm-up
  counting = true
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, durationMs))
  counting = false
  const seconds = (performance.now() - t0) / 1000
  stop = true
  for (const s of sockets) s.terminate()
  return { perSec: Math.round(delivered / seconds) }
}

async function echo(): Promise<unknown> {
  let echoed = 0
  let total = 0
  let counting = false
  let stop = false
  const sockets: WebSocket[] = []
  for (let p = 0; p < pairs; p++) {
    const ws = await connect(false)
    sockets.push(ws)
    let inflight = 0
    const t = topic()
    const send = corkedSend(ws)
    const pump = (): void => {
      while (!stop && inflight < window) {
        inflight++
        send(publishFrame(t, PAYLOAD))
      }
    }
    ws.on('message', () => {
      inflight--
      total++
      if (counting) echoed++
      pump()
    })
    pump()
  }
  await new Promise((r) => setTimeout(r, 1000))
  counting = true
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, durationMs))
  counting = false
  const seconds = (performance.now() - t0) / 1000
  stop = true
  for (const s of sockets) s.terminate()
  return { perSec: Math.round(echoed / seconds), echoed: total }
}

async function latency(): Promise<unknown> {
  const samples: number[] = []
  const sockets: WebSocket[] = []
  const routes: { pub: WebSocket; t: string }[] = []
  for (let p = 0; p < pairs; p++) {
    const [pub, sub] = await Promise.all([connect(true), connect(true)])
    sockets.push(pub, sub)
    const t = topic()
    await subscribe(sub, t)
    onPushes(sub, (data) => {
      // The message body starts with the send time in µs (performance.now in this process).
      const sent = /"message":"(\d+)\./.exec(data.toString())?.[1]
      if (sent !== undefined) samples.push(performance.now() - Number(sent) / 1000)
    })
    routes.push({ pub, t })
  }
  const start = performance.now()
  let sent = 0
  let route = 0
  // Paced: each tick sends what the schedule owes, so bursts stay small and the rate exact.
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = performance.now() - start
      if (elapsed >= durationMs) {
        resolve()
        return
      }
      const due = Math.floor((elapsed / 1000) * rate)
      while (sent < due) {
        const r = routes[route++ % routes.length] as { pub: WebSocket; t: string }
        r.pub.send(
          publishFrame(r.t, `${Math.round(performance.now() * 1000)}.${PAYLOAD.slice(20)}`),
        )
        sent++
      }
      setTimeout(tick, 1)
    }
    tick()
  })
  // Let the tail arrive (bounded); anything still missing counts as infinitely late.
  const tailDeadline = performance.now() + 5000
  while (samples.length < sent && performance.now() < tailDeadline) {
    await new Promise((r) => setTimeout(r, 10))
  }
  for (const s of sockets) s.terminate()
  const all = [
    ...samples,
    ...new Array<number>(sent - samples.length).fill(Number.POSITIVE_INFINITY),
  ]
  // Drop the first 10 % in arrival order (connection warm-up, JIT).
  const kept = all.slice(Math.floor(all.length / 10)).sort((a, b) => a - b)
  const q = (p: number): number =>
    kept[Math.min(kept.length - 1, Math.floor(p * kept.length))] ?? Number.NaN
  return {
    sent,
    delivered: samples.length,
    achievedPerSec: Math.round(sent / (durationMs / 1000)),
    p50Ms: Number(q(0.5).toFixed(3)),
    p99Ms: Number(q(0.99).toFixed(3)),
  }
}

async function idle(): Promise<unknown> {
  const sockets: WebSocket[] = []
  const errors: Record<string, number> = {}
  let failed = 0
  // JWTs are signed up front, so connection setup is what the relay spends time on.
  const batch = 250
  for (let i = 0; i < count; i += batch) {
    const results = await Promise.allSettled(
      Array.from({ length: Math.min(batch, count - i) }, () => connect(true)),
    )
    for (const r of results) {
      if (r.status === 'fulfilled') sockets.push(r.value)
      else {
        failed++
        const code = (r.reason as NodeJS.ErrnoException).code ?? (r.reason as Error).message
        errors[code] = (errors[code] ?? 0) + 1
      }
    }
    // EMFILE/ENFILE: this process ran out of descriptors; stop and report what was reached.
    if (errors.EMFILE !== undefined || errors.ENFILE !== undefined) break
  }
  process.stdout.write(`${JSON.stringify({ connected: sockets.length, failed, errors })}\n`)
  // Hold until the orchestrator has measured (one line on stdin), bounded by a deadline.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000)
    process.stdin.once('data', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  for (const s of sockets) s.terminate()
  return { closed: sockets.length }
}

const scenarios: Record<string, () => Promise<unknown>> = { forward, echo, latency, idle }
const run = scenarios[scenario]
if (run === undefined) throw new Error(`unknown scenario ${scenario}`)
const result = await run()
process.stdout.write(`${JSON.stringify({ scenario, ...(result as object) })}\n`)
process.exit(0)
