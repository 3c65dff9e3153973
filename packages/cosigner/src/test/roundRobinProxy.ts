/**
 * Test utility: the one proxy of the loopback topology test — a tiny HTTP and WebSocket
 * round-robin reverse proxy over ports on 127.0.0.1. Each request or upgrade goes to the next
 * upstream; an upstream that refuses the connection (a killed process) is passed over for the
 * next, so clients reconnect through the same address. Upgrades are piped as raw TCP after the
 * request head. Test-only.
 */
import { createServer, type IncomingMessage, request } from 'node:http'
import { type AddressInfo, connect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'

export interface RoundRobinProxy {
  url: string
  port: number
  /** Upstream ports, in turn. */
  upstreams: number[]
  /** The upstream port of each upgraded (WebSocket) connection still open, in opening order. */
  upgradedTo(): number[]
  close(): Promise<void>
}

function head(req: IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/1.1`]
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
  return `${lines.join('\r\n')}\r\n\r\n`
}

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  const upstreams: number[] = []
  const open = new Set<Duplex>()
  const upgraded = new Map<Duplex, number>()
  let next = 0
  /** Connects to the next upstream that accepts, trying each once. */
  const reach = (tries = upstreams.length): Promise<Socket> =>
    new Promise((resolve, reject) => {
      if (tries <= 0) return reject(new Error('no upstream accepts'))
      const port = upstreams[next++ % upstreams.length] as number
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => resolve(socket))
      socket.once('error', () => {
        socket.destroy()
        reach(tries - 1).then(resolve, reject)
      })
    })
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    // Bodies are small here: read whole, so a refused upstream can be passed over for the next.
    const attempt = (tries: number): void => {
      if (tries <= 0) {
        res.writeHead(502).end()
        return
      }
      const port = upstreams[next++ % upstreams.length] as number
      // A new upstream connection per request (agent: false): a pooled keep-alive connection to
      // a killed upstream fails with a reset, not a refusal, and the request would be lost
      // instead of passed over; a dead upstream must refuse, as it does for a real proxy's dial.
      const forward = request(
        {
          host: '127.0.0.1',
          port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: false,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      forward.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED' && !res.headersSent) attempt(tries - 1)
        else res.destroy()
      })
      forward.end(body)
    }
    attempt(upstreams.length)
  })
  // Upstream answers carry the co-signer's `Keep-Alive: timeout=5`, so clients drop an idle
  // connection after about 4 s; were this server's own idle close also at 5 s (Node's default),
  // a request sent on a 5-second-idle connection under load could meet the close and read
  // "other side closed". The proxy holds idle connections longer than any client keeps them.
  server.keepAliveTimeout = 60_000
  server.on('upgrade', (req: IncomingMessage, client: Duplex, first: Buffer) => {
    open.add(client)
    client.on('error', () => {})
    client.once('close', () => {
      open.delete(client)
      upgraded.delete(client)
    })
    reach().then(
      (upstream) => {
        open.add(upstream)
        upgraded.set(client, upstream.remotePort as number)
        upstream.on('error', () => {})
        upstream.once('close', () => {
          open.delete(upstream)
          upgraded.delete(client)
          client.destroy()
        })
        client.once('close', () => upstream.destroy())
        upstream.write(head(req))
        if (first.length > 0) upstream.write(first)
        upstream.pipe(client)
        client.pipe(upstream)
      },
      () => client.destroy(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    upstreams,
    upgradedTo: () => [...upgraded.values()],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
