/**
 * `npm start` as a person runs it, twice: it prints "Tessera is running" once every health check
 * answers, each printed service answers, and Ctrl-C (SIGINT) ends every process it started —
 * grandchildren included — and frees every port, so the second run starts on the same ports.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { freePorts } from './services.mjs'

const root = join(import.meta.dirname, '..')
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-start-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** Every live descendant of `pid` (zombies count as gone). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,stat='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([p, pp, stat]) => ({
      pid: Number(p),
      ppid: Number(pp),
      zombie: (stat ?? '').startsWith('Z'),
    }))
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const parent = queue.shift() as number
    for (const row of table) {
      if (row.ppid === parent && !row.zombie) {
        found.push(row.pid)
        queue.push(row.pid)
      }
    }
  }
  return found
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) Z/.test(stat)
  } catch {
    return false
  }
}

/** Resolves with the output so far once `text` appears; rejects when the process exits first. */
function waitForOutput(child: ChildProcess, text: string, output: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (output.text.includes(text)) {
        child.stdout?.off('data', check)
        resolve()
      }
    }
    child.stdout?.on('data', check)
    child.once('exit', (code) =>
      reject(new Error(`npm start exited (${code}) before "${text}":\n${output.text}`)),
    )
    check()
  })
}

async function runOnce(ports: Record<string, number>): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, TESSERA_DATA_DIR: dataDir }
  for (const [name, port] of Object.entries(ports)) env[name] = String(port)
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = { text: '' }
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output.text += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output.text += chunk
  })
  await waitForOutput(child, 'Tessera is running. Open:', output)

  for (const path of ['/health']) {
    for (const port of [
      ports.RELAY_PORT,
      ports.COSIGNER_PORT,
      ports.DEV_LOGIN_PORT,
      ports.DEVCHAIN_PORT,
    ]) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`)
      expect(response.status, `port ${port}${path}`).toBe(200)
    }
  }
  expect(output.text).toContain(`ws://127.0.0.1:${ports.RELAY_PORT}`)
  expect(output.text).toContain('DEVELOPMENT ONLY')
  // The co-signer trusts the development login out of the box.
  const status = (await (
    await fetch(`http://127.0.0.1:${ports.COSIGNER_PORT}/v1/status`)
  ).json()) as {
    logins: { oidc: string[] }
  }
  expect(status.logins.oidc).toEqual([`http://127.0.0.1:${ports.DEV_LOGIN_PORT}`])

  // The faucet funds a fresh address on both chains, and refuses what is not an address.
  const devchain = `http://127.0.0.1:${ports.DEVCHAIN_PORT}`
  const address = '0x000000000000000000000000000000000000dEaD'
  const funded = await fetch(`${devchain}/faucet`, {
    method: 'POST',
    body: JSON.stringify({ address }),
  })
  expect(funded.status).toBe(200)
  const rpc = async (path: string, method: string, params: unknown[]) =>
    (
      (await (
        await fetch(`${devchain}${path}`, {
          method: 'POST',
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        })
      ).json()) as { result: string }
    ).result
  expect(BigInt(await rpc('/', 'eth_getBalance', [address, 'latest']))).toBe(10n * 10n ** 18n)
  const { conflux } = (await funded.json()) as { conflux: { address: string } }
  expect(BigInt(await rpc('/conflux', 'cfx_getBalance', [conflux.address]))).toBe(100n * 10n ** 18n)
  const refused = await fetch(`${devchain}/faucet`, { method: 'POST', body: '{"address":"0x12"}' })
  expect(refused.status).toBe(400)

  const started = descendants(child.pid as number)
  expect(started.length).toBeGreaterThanOrEqual(4)
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  child.kill('SIGINT')
  expect(await exited).toBe(0)
  expect(started.filter(alive), 'processes left behind').toEqual([])
  for (const [name, port] of Object.entries(ports)) {
    expect(await portIsFree(port), `${name} ${port} still bound`).toBe(true)
  }
}

test('npm start starts every service and Ctrl-C leaves no process and no port, twice', async () => {
  const ports = await freePorts()
  await runOnce(ports)
  await runOnce(ports)
}, 300_000)
