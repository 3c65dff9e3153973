/**
 * Test-only: a `ws` WebSocket class that can drop the client's acks (so the relay keeps the
 * message and redelivers it, as after a lost ack) and counts the raw pushes it received (so a test
 * can prove a redelivery happened before asserting the application saw it once). Not exported.
 */
import WebSocket from 'ws'
import type { WebSocketConstructor } from '../relay/types.ts'

export interface LossyControl {
  dropAcks: boolean
  /** Every `irn_subscription` push received, by message, across all sockets of this class. */
  readonly pushes: string[]
  readonly Socket: WebSocketConstructor
}

export function createLossySocket(): LossyControl {
  const control = { dropAcks: false, pushes: [] as string[] } as LossyControl
  class LossySocket extends WebSocket {
    constructor(url: string) {
      super(url)
      this.addEventListener('message', (event) => {
        const frame = JSON.parse(String(event.data)) as {
          method?: string
          params?: { data?: { message?: string } }
        }
        if (frame.method === 'irn_subscription')
          control.pushes.push(frame.params?.data?.message ?? '')
      })
    }
    override send(data: string): void {
      const frame = JSON.parse(data) as { result?: unknown; method?: string }
      if (control.dropAcks && frame.method === undefined && 'result' in frame) return
      super.send(data)
    }
  }
  ;(control as { Socket: WebSocketConstructor }).Socket =
    LossySocket as unknown as WebSocketConstructor
  return control
}
