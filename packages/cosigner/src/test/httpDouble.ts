/**
 * Test utility: a loopback HTTP server on port 0 for platform doubles, with the request body
 * read in full and a close that ends every connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface DoubleRequest {
  method: string
  url: URL
  headers: IncomingMessage['headers']
  body: string
}

export type DoubleHandler = (req: DoubleRequest, res: ServerResponse) => void | Promise<void>

export interface HttpDouble {
  url: string
  close(): Promise<void>
}

export async function startHttpDouble(handler: DoubleHandler): Promise<HttpDouble> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request: DoubleRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://double'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      Promise.resolve(handler(request, res)).catch((error: unknown) => {
        res.statusCode = 500
        res.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
