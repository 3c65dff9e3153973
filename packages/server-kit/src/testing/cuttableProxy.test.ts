/**
 * The cuttable proxy against a real loopback echo server: bytes pass both ways; a cut ends open
 * connections and refuses new ones; a restore serves again on the same port.
 */
import net from 'node:net'
import { afterAll, expect, test } from 'vitest'
import { startCuttableProxy } from './cuttableProxy.ts'

const echo = net.createServer((socket) => {
  socket.on('error', () => {})
  socket.pipe(socket)
})
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())))

/** Connects to `port`; resolves with the socket, or with the error code when refused. */
const dial = (port: number) =>
  new Promise<net.Socket | string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => resolve(socket))
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })

const roundTrip = (socket: net.Socket, text: string) =>
  new Promise<string>((resolve) => {
    socket.once('data', (data) => resolve(data.toString()))
    socket.write(text)
  })

test('pipes bytes, cuts open and new connections, restores on the same port', async () => {
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  const { port: echoPort } = echo.address() as net.AddressInfo
  const proxy = await startCuttableProxy({ hostname: '127.0.0.1', port: echoPort })
  const port = proxy.port
  expect(proxy.address).toBe(`127.0.0.1:${port}`)
  const first = (await dial(port)) as net.Socket
  expect(await roundTrip(first, 'before')).toBe('before')

  const ended = new Promise<void>((resolve) => first.once('close', () => resolve()))
  await proxy.cut()
  await ended
  expect(await dial(port)).toBe('ECONNREFUSED')

  await proxy.restore()
  expect(proxy.port).toBe(port)
  const second = (await dial(port)) as net.Socket
  expect(await roundTrip(second, 'after')).toBe('after')
  await expect(proxy.restore()).rejects.toThrow('not cut')
  await proxy.close()
  await proxy.close()
  second.destroy()
})
