/**
 * The co-signer process under hoarding and idle floods keeps its RSS within a stated budget
 * (issue "Operator-grade servers"): 40 channels each hold the start of two 2 MiB chunked messages
 * (4 MiB a channel, 160 MiB asked for) against a 32 MiB process budget of unfinished messages,
 * and 400 sockets open `/v1/mpc` and say nothing. Channels over the budget are closed (4413), the
 * hoarders at their deadline (4408), the silent ones at the handshake deadline (4408). Figures
 * (baseline, peak and settled RSS) are printed. A real process on PGlite over loopback.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { COSIGNER_CHANNEL_RULES as RULES } from '@tessera/protocol/cosigner'
import { afterAll, beforeAll, expect, test } from 'vitest'
import WebSocket from 'ws'
import { connectMpc } from '../test/mpcClient.ts'
import { loginWeChat } from '../test/signerChannel.ts'
import { type SpawnedCosigner, spawnCosigner } from '../test/spawnCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../test/wechatDouble.ts'

const MiB = 1024 * 1024
const PARTIAL_TOTAL = 32 * MiB
/** RSS growth allowed over the baseline: the partial budget plus socket and GC slack. */
const BUDGET_MB = 32 + 160

let wechat: WeChatDouble
let c: SpawnedCosigner

beforeAll(async () => {
  wechat = await startWeChatDouble()
  c = await spawnCosigner(
    {
      COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
      COSIGNER_WECHAT_APPID: wechat.appId,
      COSIGNER_WECHAT_SECRET: wechat.secret,
      COSIGNER_WECHAT_BASE_URL: wechat.url,
      COSIGNER_PARTIAL_BYTES_TOTAL: String(PARTIAL_TOTAL),
      COSIGNER_PARTIAL_BYTES_PER_CONNECTION: String(4 * MiB),
      COSIGNER_PARTIAL_MESSAGE_TIMEOUT_MS: '5000',
      COSIGNER_HANDSHAKE_TIMEOUT_MS: '5000',
      COSIGNER_MPC_CONNECTIONS_PER_IP: '1000',
      COSIGNER_MPC_CONNECTIONS_PER_IDENTITY: '100',
    },
    120_000,
  )
}, 150_000)
afterAll(async () => {
  await c?.stop()
  await wechat?.close()
})

/** Resident set of `pid`, MB (from /proc). */
async function rssMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024
}
/** Samples RSS every 50 ms while `run` runs; the highest sample. */
async function peakDuring(pid: number, run: () => Promise<void>): Promise<number> {
  let peak = await rssMB(pid)
  const sampler = setInterval(() => {
    rssMB(pid).then(
      (mb) => {
        peak = Math.max(peak, mb)
      },
      () => {},
    )
  }, 50)
  try {
    await run()
  } finally {
    clearInterval(sampler)
  }
  return Math.max(peak, await rssMB(pid))
}

test('RSS within budget under chunk hoarding and idle sockets', async () => {
  const pid = c.pid // the server itself (spawnCosigner runs no launcher)
  const { token } = await loginWeChat(c.url, wechat.issueCode({ openid: 'o-abuse' }), 'demo')
  const baseline = await rssMB(pid)

  const hoardPeak = await peakDuring(pid, async () => {
    const hoarders = Array.from({ length: 40 }, () => connectMpc(c.mpcUrl, c.noiseStaticKey, token))
    await Promise.all(hoarders.map((h) => h.ready))
    const parts = Math.ceil(RULES.maxMessageBytes / RULES.chunkBytes)
    for (const h of hoarders) {
      for (let m = 0; m < 2; m++) {
        const sid = randomBytes(32).toString('hex')
        // Every part but the last: the message is never finished.
        for (let part = 0; part < parts - 1; part++) {
          if (h.ws.readyState !== WebSocket.OPEN) break
          h.sendFrame({
            sid,
            protocol: 'echo',
            round: 1,
            part,
            parts,
            payload: new Uint8Array(RULES.chunkBytes),
          })
        }
      }
    }
    const codes = (await Promise.all(hoarders.map((h) => h.closed))).map((x) => x.code)
    // Over the process budget (4413) or past the message deadline (4408): nothing held.
    expect(codes.every((code) => code === 4413 || code === 4408)).toBe(true)
    expect(codes).toContain(4413)
  })

  const idlePeak = await peakDuring(pid, async () => {
    const idle = Array.from({ length: 400 }, () => new WebSocket(c.mpcUrl))
    const closes = await Promise.all(
      idle.map(
        (ws) =>
          new Promise<number>((resolve) => {
            ws.on('error', () => {})
            ws.once('close', (code) => resolve(code))
          }),
      ),
    )
    expect(new Set(closes)).toEqual(new Set([4408]))
  })
  const settled = await rssMB(pid)
  console.info(
    `co-signer RSS (MB): baseline ${baseline.toFixed(0)}, hoarding peak ${hoardPeak.toFixed(0)}, idle-flood peak ${idlePeak.toFixed(0)}, settled ${settled.toFixed(0)}; budget baseline + ${BUDGET_MB}`,
  )
  expect(hoardPeak - baseline).toBeLessThan(BUDGET_MB)
  expect(idlePeak - baseline).toBeLessThan(BUDGET_MB)
}, 240_000)
