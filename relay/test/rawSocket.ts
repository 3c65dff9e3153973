/**
 * Test helper: a bare authenticated WebSocket for sending arbitrary frames and reading answers
 * one at a time, with deadlines. Test-only.
 */
import WebSocket from 'ws'
import { newIdentity, signJwt } from './jwt.ts'

export interface RawSocket {
  ws: WebSocket
  next(deadlineMs?: number): Promise<Record<string, unknown>>
  closed: Promise<number>
}

export async function rawSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(`${url}/?auth=${signJwt(newIdentity(), { aud: url })}`)
  const frames: Record<string, unknown>[] = []
  const waiting: ((f: Record<string, unknown>) => void)[] = []
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Record<string, unknown>
    const w = waiting.shift()
    if (w) w(frame)
    else frames.push(frame)
  })
  ws.on('error', () => {})
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
  return {
    ws,
    closed,
    next(deadlineMs = 3000) {
      const f = frames.shift()
      if (f) return Promise.resolve(f)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no frame before deadline')), deadlineMs)
        waiting.push((frame) => {
          clearTimeout(timer)
          resolve(frame)
        })
      })
    },
  }
}

/** Attempts an upgrade and returns the HTTP status and reason of the refusal. */
export function upgradeRefusal(
  url: string,
  query: string,
): Promise<{ status: number; reason: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}${query}`)
    ws.on('error', () => {})
    ws.once('open', () => {
      ws.close()
      reject(new Error('upgrade unexpectedly accepted'))
    })
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c: Buffer) => {
        body += c.toString()
      })
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          reason: res.headers['x-relay-reason'] as string,
          body,
        }),
      )
    })
  })
}
