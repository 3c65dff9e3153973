/**
 * Test-only: a TCP link on loopback in front of the relay, for WebSocket clients. It forwards
 * bytes both ways unchanged until `holdRepliesTo(method)`: then, once the client has sent a
 * JSON-RPC request of that method, what the relay sends back is held (in order) until the client's
 * next frame. If that frame is a close frame, the held bytes are dropped and the connection ends —
 * the relay's reply was still on its way when the client closed — otherwise they are delivered and
 * forwarding goes on. Reads the client's frames (to find the method), never alters them.
 */
import { once } from 'node:events'
import { connect, createServer, type Socket } from 'node:net'

export interface HoldingLink {
  /** `ws://127.0.0.1:<port>`: give it to the client (and to the relay as a public URL). */
  readonly url: string
  /** Where the relay listens; set before the first client connects. */
  forwardTo(port: number): void
  /** Holds the relay's replies to the client's next `method` request, on every open connection. */
  holdRepliesTo(method: string): void
  close(): Promise<void>
}

const TEXT_OPCODE = 0x1
const CLOSE_OPCODE = 0x8

interface Pipe {
  readonly client: Socket
  readonly relay: Socket
  /** The client's bytes not yet split into frames (after the HTTP upgrade). */
  pending: Buffer
  upgraded: boolean
  /** 'armed': the next `armedFor` request starts holding; 'holding': replies go to `held`. */
  state: 'open' | 'armed' | 'holding'
  armedFor: string
  held: Buffer[]
}

export async function startHoldingLink(): Promise<HoldingLink> {
  let target: number | undefined
  const pipes = new Set<Pipe>()

  const end = (pipe: Pipe): void => {
    pipes.delete(pipe)
    pipe.client.destroy()
    pipe.relay.destroy()
  }

  /** Splits the client's bytes into frames; returns false when the connection ended. */
  const onClientFrames = (pipe: Pipe, chunk: Buffer): boolean => {
    pipe.pending = Buffer.concat([pipe.pending, chunk])
    if (!pipe.upgraded) {
      const head = pipe.pending.indexOf('\r\n\r\n')
      if (head < 0) return true
      pipe.upgraded = true
      pipe.pending = pipe.pending.subarray(head + 4)
    }
    for (;;) {
      const frame = frameLength(pipe.pending)
      if (frame === undefined) return true
      const opcode = (pipe.pending[0] as number) & 0x0f
      const text = opcode === TEXT_OPCODE ? payloadText(pipe.pending.subarray(0, frame)) : ''
      pipe.pending = pipe.pending.subarray(frame)
      if (pipe.state === 'armed') {
        if (methodOf(text) === pipe.armedFor) pipe.state = 'holding'
      } else if (pipe.state === 'holding') {
        if (opcode === CLOSE_OPCODE) {
          end(pipe)
          return false
        }
        for (const held of pipe.held) pipe.client.write(held)
        pipe.held = []
        pipe.state = 'open'
      }
    }
  }

  const server = createServer((client) => {
    if (target === undefined) {
      client.destroy()
      return
    }
    const relay = connect(target, '127.0.0.1')
    const pipe: Pipe = {
      client,
      relay,
      pending: Buffer.alloc(0),
      upgraded: false,
      state: 'open',
      armedFor: '',
      held: [],
    }
    pipes.add(pipe)
    client.on('data', (chunk: Buffer) => {
      // The frame goes to the relay before the bytes after it are judged.
      const state = pipe.state
      if (state === 'holding') {
        if (!onClientFrames(pipe, chunk)) return
        relay.write(chunk)
        return
      }
      relay.write(chunk)
      onClientFrames(pipe, chunk)
    })
    relay.on('data', (chunk: Buffer) => {
      if (pipe.state === 'holding') pipe.held.push(chunk)
      else client.write(chunk)
    })
    const gone = (): void => {
      if (pipes.has(pipe)) end(pipe)
    }
    client.on('close', gone)
    relay.on('close', gone)
    client.on('error', gone)
    relay.on('error', gone)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return {
    url: `ws://127.0.0.1:${address.port}`,
    forwardTo(port) {
      target = port
    },
    holdRepliesTo(method) {
      for (const pipe of pipes) {
        pipe.state = 'armed'
        pipe.armedFor = method
      }
    },
    async close() {
      for (const pipe of [...pipes]) end(pipe)
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The payload of one whole (unfragmented) frame as text, unmasked. */
function payloadText(frame: Buffer): string {
  const second = frame[1] as number
  const length7 = second & 0x7f
  let at = length7 === 126 ? 4 : length7 === 127 ? 10 : 2
  const masked = (second & 0x80) !== 0
  const mask = masked ? frame.subarray(at, at + 4) : undefined
  if (masked) at += 4
  const payload = Buffer.from(frame.subarray(at))
  if (mask !== undefined) {
    for (let i = 0; i < payload.length; i++) {
      payload[i] = (payload[i] as number) ^ (mask[i % 4] as number)
    }
  }
  return payload.toString('utf8')
}

/** The `method` of a JSON-RPC request, or undefined. */
function methodOf(text: string): unknown {
  try {
    return (JSON.parse(text) as { method?: unknown }).method
  } catch {
    return undefined
  }
}

/** The byte length of the first whole frame in `bytes`, or undefined while it is incomplete. */
function frameLength(bytes: Buffer): number | undefined {
  if (bytes.length < 2) return undefined
  const second = bytes[1] as number
  let length = second & 0x7f
  let header = 2
  if (length === 126) {
    if (bytes.length < 4) return undefined
    length = bytes.readUInt16BE(2)
    header = 4
  } else if (length === 127) {
    if (bytes.length < 10) return undefined
    length = Number(bytes.readBigUInt64BE(2))
    header = 10
  }
  if ((second & 0x80) !== 0) header += 4
  return bytes.length < header + length ? undefined : header + length
}
