/**
 * Test utility: a loopback TCP proxy to a real server (Redis, in the servers' outage tests) that
 * the test can cut — the listener closes and every piped connection is destroyed, as when the
 * server's host goes away — and restore on the same port, so the client under test reconnects
 * to the address it was configured with. Bytes are piped untouched. Test-only: never imported by
 * server code.
 */
import net from 'node:net'

export interface CuttableProxy {
  /** The loopback port clients connect to; the same after `restore`. */
  readonly port: number
  /** `host:port` of the proxy, as the servers name Redis in their log lines. */
  readonly address: string
  /** Closes the listener and destroys every open connection; resolves once closed. */
  cut(): Promise<void>
  /** Listens again on the same port (after `cut`). */
  restore(): Promise<void>
  /** Same as `cut`, and safe to call when already cut. */
  close(): Promise<void>
}

/** Starts a proxy from a loopback port to `upstream` (`host:port`, or a URL with both). */
export async function startCuttableProxy(upstream: {
  hostname: string
  port: string | number
}): Promise<CuttableProxy> {
  const target = { host: upstream.hostname, port: Number(upstream.port) }
  const sockets = new Set<net.Socket>()
  let server: net.Server | undefined
  let port = 0
  const listen = async (): Promise<void> => {
    const next = net.createServer((client) => {
      const far = net.connect(target.port, target.host)
      for (const socket of [client, far]) {
        sockets.add(socket)
        socket.on('error', () => {})
        socket.on('close', () => {
          sockets.delete(socket)
          // Either side gone ends the pair, as a cut link would.
          client.destroy()
          far.destroy()
        })
      }
      client.pipe(far).pipe(client)
    })
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject)
      next.listen(port, '127.0.0.1', () => resolve())
    })
    port = (next.address() as net.AddressInfo).port
    server = next
  }
  const cut = (): Promise<void> => {
    const closing = server
    server = undefined
    for (const socket of sockets) socket.destroy()
    if (closing === undefined) return Promise.resolve()
    return new Promise<void>((resolve) => closing.close(() => resolve()))
  }
  await listen()
  return {
    get port() {
      return port
    },
    get address() {
      return `127.0.0.1:${port}`
    },
    cut,
    restore: async () => {
      if (server !== undefined) throw new Error('the proxy is not cut')
      await listen()
    },
    close: cut,
  }
}
