/**
 * A load balancer in front of a relay cluster, as a deployment puts one: one URL for every client
 * (the pairing URI names one relay, and the JWT `aud` must equal it), TCP connections passed to a
 * node chosen by the WebSocket handshake's `Origin` — sticky, so the flow decides which page is
 * served by which node — and, when that node refuses the connection (crashed), the next node.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface RelayFront {
  /** ws://127.0.0.1:<port>: the cluster's public URL. */
  url: string
  close(): Promise<void>
}

/**
 * Listens on `port`; a handshake whose `Origin` is a key of `route` goes to that node index first,
 * others to node 0; on a refused connection the next node is tried.
 */
export async function startRelayFront(options: {
  port: number
  nodes: readonly string[]
  route: Readonly<Record<string, number>>
}): Promise<RelayFront> {
  const targets = options.nodes.map((node) => new URL(node.replace(/^ws/, 'http')))
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    sockets.add(client)
    client.once('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    let head = Buffer.alloc(0)
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) {
        if (head.length > 16_384) client.destroy()
        return
      }
      client.off('data', onData)
      client.pause()
      const origin = /\r\norigin: *([^\r]*)/i.exec(head.subarray(0, end).toString('latin1'))?.[1]
      const first = (origin === undefined ? undefined : options.route[origin]) ?? 0
      const order = targets.map((_, i) => (first + i) % targets.length)
      const attempt = (index: number) => {
        const target = targets[order[index] ?? -1]
        if (target === undefined) {
          client.destroy()
          return
        }
        const upstream = connect(Number(target.port), target.hostname)
        upstream.once('error', () => {
          upstream.destroy()
          if (upstream.bytesWritten === 0 && !client.destroyed) attempt(index + 1)
          else client.destroy()
        })
        upstream.once('connect', () => {
          sockets.add(upstream)
          upstream.once('close', () => {
            sockets.delete(upstream)
            client.destroy()
          })
          client.once('close', () => upstream.destroy())
          upstream.write(head)
          client.pipe(upstream)
          upstream.pipe(client)
          client.resume()
        })
      }
      attempt(0)
    }
    client.on('data', onData)
  })
  await new Promise<void>((listening) => server.listen(options.port, '127.0.0.1', listening))
  return {
    url: `ws://127.0.0.1:${options.port}`,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise((closed) => server.close(closed))
    },
  }
}
