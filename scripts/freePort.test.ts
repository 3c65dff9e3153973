/**
 * `freePort` hands out ports below the OS's ephemeral range, so that nothing binding port 0 (any
 * other test on the machine) can take one before the service it was chosen for binds it.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { expect, test } from 'vitest'
import { freePort, freePorts } from './services.mjs'

const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
  .trim()
  .split(/\s+/)
  .map(Number)

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(server))
  })

test('ports come from below the ephemeral range, distinct, and each can be bound', async () => {
  const single = await Promise.all(Array.from({ length: 8 }, () => freePort()))
  const table = Object.values(await freePorts())
  const all = [...single, ...table]
  expect(new Set(all).size).toBe(all.length)
  for (const port of all) {
    expect(port).toBeGreaterThanOrEqual(20_000)
    expect(port).toBeLessThan(low as number)
  }
  const servers = await Promise.all(all.map(listen))
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))))
})

test('a port-0 bind elsewhere never lands on a port handed out', async () => {
  const chosen = new Set(await Promise.all(Array.from({ length: 16 }, () => freePort())))
  const others = await Promise.all(Array.from({ length: 64 }, () => listen(0)))
  for (const server of others) {
    const address = server.address()
    expect(typeof address === 'object' && address !== null && chosen.has(address.port)).toBe(false)
  }
  await Promise.all(others.map((s) => new Promise((done) => s.close(done))))
})
