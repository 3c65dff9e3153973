/**
 * The adapter for the signer page inside the Alipay mini-program shell's `<web-view>`
 * (demos/alipay-miniprogram): requests go out with `my.postMessage` and answers come back through
 * `my.onMessage` (the shell's `webViewContext.postMessage`), both real-time, matched by id:
 * `authCode` (`my.getAuthCode`, scope `auth_base`) and `scan` (`my.scan`). Answers are validated
 * before use; an unanswered request fails after `timeoutMs`. Storage is the web-view's own and may
 * be wiped. Never logs an auth code.
 */
import { PlatformError, type PlatformErrorCode } from '../errors.ts'
import { boundedStorage } from './boundedStorage.ts'
import type { KeyValueStorage, PlatformAdapter } from './types.ts'
import type { AlipayWebViewBridge } from './webViewHosts.ts'
import { WEBVIEW_LIMITS } from './wechatWebViewPlatform.ts'

export type AlipayWebViewOptions = {
  readonly my: AlipayWebViewBridge
  readonly storage: KeyValueStorage
  /** How long a request may wait for the shell (the user scanning); 120 s by default. */
  readonly timeoutMs?: number
  readonly crypto?: Pick<Crypto, 'getRandomValues'>
}

/** What the shell answers (demos/alipay-miniprogram/pages/index/index.js). */
type Reply =
  | { tessera: 1; id: number; ok: true; value: string }
  | { tessera: 1; id: number; ok: false; error: 'Cancelled' | 'HostFailed'; message: string }

function readReply(message: unknown): Reply | undefined {
  const m = message as Partial<Record<string, unknown>> | null
  if (m === null || typeof m !== 'object' || m.tessera !== 1 || !Number.isSafeInteger(m.id)) {
    return undefined
  }
  if (m.ok === true && typeof m.value === 'string' && m.value.length <= 4096) return m as Reply
  if (
    m.ok === false &&
    (m.error === 'Cancelled' || m.error === 'HostFailed') &&
    typeof m.message === 'string'
  ) {
    return m as Reply
  }
  return undefined
}

export function alipayWebViewPlatform(
  options: AlipayWebViewOptions,
): PlatformAdapter & { readonly platform: 'alipay' } {
  const { my } = options
  const random = options.crypto ?? globalThis.crypto
  const timeoutMs = options.timeoutMs ?? 120_000
  const pending = new Map<number, (reply: Reply) => void>()
  let nextId = 1
  my.onMessage = (message) => {
    const reply = readReply(message)
    if (reply !== undefined) pending.get(reply.id)?.(reply)
  }

  const request = (action: 'authCode' | 'scan') =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new PlatformError('HostFailed', `the Alipay shell did not answer "${action}"`))
      }, timeoutMs)
      pending.set(id, (reply) => {
        clearTimeout(timer)
        pending.delete(id)
        if (reply.ok) resolve(reply.value)
        else {
          const code: PlatformErrorCode = reply.error
          reject(new PlatformError(code, `Alipay ${action}: ${reply.message.slice(0, 200)}`))
        }
      })
      my.postMessage({ tessera: 1, id, action })
    })

  return {
    platform: 'alipay',
    limits: WEBVIEW_LIMITS,
    storage: boundedStorage(options.storage, WEBVIEW_LIMITS),
    async randomBytes(length) {
      if (!Number.isSafeInteger(length) || length < 1 || length > 65536) {
        throw new RangeError('"length" expected an integer in [1, 65536]')
      }
      return random.getRandomValues(new Uint8Array(length))
    },
    async loginProof() {
      const authCode = await request('authCode')
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(authCode)) {
        throw new PlatformError('HostFailed', 'the Alipay shell answered a malformed auth code')
      }
      return { kind: 'alipay', authCode }
    },
    async openLink(url) {
      throw new PlatformError(
        'Unsupported',
        `an Alipay mini-program cannot open ${new URL(url).protocol} links outside its business domains`,
        { details: 'copy the link and open it in a browser' },
      )
    },
    scan: () => request('scan'),
    haptic() {
      // The web-view has no haptics API; the shell gives feedback on its own pages.
    },
  }
}
