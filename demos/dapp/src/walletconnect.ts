/**
 * The WalletConnect demo page (`walletconnect.html`): a dapp on an unmodified
 * `@walletconnect/sign-client`, pointed at the relay of the demo's settings (`?relay=`, else
 * `VITE_TESSERA_RELAY_URL`; our relay speaks WalletConnect v2). Connect shows the `wc:` pairing
 * URI (to paste in the signer app's Connect screen, which pairs through its WalletConnect wallet
 * mode), then the account the wallet approved; Sign sends `personal_sign` and shows the signature
 * with its check (viem recovers the signer and compares it with the account). Telemetry is off;
 * the SDK's own Verify attestation (an iframe on WalletConnect's Verify server) is the only other
 * host it tries. English and Simplified Chinese. Everything shown is written as text.
 */
import { SignClient } from '@walletconnect/sign-client'
import {
  type Address,
  getAddress,
  type Hex,
  isAddressEqual,
  recoverMessageAddress,
  toHex,
} from 'viem'
import { readDemoConfig } from './config.ts'
import { type Locale, pickLocale } from './i18n.ts'

const WORDS = {
  en: {
    title: 'WalletConnect demo dapp',
    intro: 'An unmodified WalletConnect v2 dapp (sign-client) on the Tessera relay.',
    relay: 'Relay',
    connect: 'Connect with WalletConnect',
    uri: 'Pairing URI (paste it in the signer app: Connect → Pairing link)',
    waiting: 'waiting for the wallet…',
    account: 'Account',
    wallet: 'Wallet',
    disconnected: 'not connected',
    sign: 'Sign a message',
    message: 'Message',
    signButton: 'Sign',
    signature: 'signature',
    verified: 'signature verified: recovers to the account',
    mismatch: 'signature does NOT recover to the account',
    failed: 'failed',
  },
  'zh-CN': {
    title: 'WalletConnect 演示 DApp',
    intro: '未经修改的 WalletConnect v2 DApp（sign-client），使用 Tessera 中继。',
    relay: '中继',
    connect: '通过 WalletConnect 连接',
    uri: '配对 URI（粘贴到签名应用：连接 → 配对链接）',
    waiting: '等待钱包…',
    account: '账户',
    wallet: '钱包',
    disconnected: '未连接',
    sign: '签名消息',
    message: '消息',
    signButton: '签名',
    signature: '签名',
    verified: '签名已验证：恢复出的地址与账户一致',
    mismatch: '签名恢复出的地址与账户不一致',
    failed: '失败',
  },
} as const satisfies Record<Locale, Record<string, string>>

type Child = Node | string
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = Object.assign(document.createElement(tag), properties)
  element.append(...children)
  return element
}

type Client = Awaited<ReturnType<typeof SignClient.init>>
type Session = Awaited<ReturnType<Awaited<ReturnType<Client['connect']>>['approval']>>

const root = document.getElementById('app') as HTMLElement

try {
  const settings = readDemoConfig(location.search, import.meta.env)
  const locale = pickLocale(settings.locale)
  const t = WORDS[locale]
  document.documentElement.lang = locale
  document.title = t.title
  const chain = `eip155:${settings.chainId}`

  const client = await SignClient.init({
    projectId: 'tessera-demo',
    relayUrl: settings.relayUrl,
    telemetryEnabled: false,
    customStoragePrefix: 'tessera-wc-demo',
    metadata: {
      name: t.title,
      description: t.intro,
      url: location.origin,
      icons: [],
    },
  })
  let session: Session | undefined
  let account: Address | undefined

  const uri = h('textarea', { readOnly: true, rows: 4, value: '' })
  const uriLabel = h('label', { hidden: true }, t.uri, uri)
  const status = h('dl', { className: 'status' })
  const connectButton = h('button', { type: 'button' }, t.connect)
  const message = h('input', { value: 'Hello from a WalletConnect dapp' })
  const signButton = h('button', { type: 'button', disabled: true }, t.signButton)
  const signResult = h('div', { className: 'result' })
  const connectResult = h('div', { className: 'result' })

  const show = (target: HTMLElement, ...lines: { text: string; ok?: boolean }[]) =>
    target.replaceChildren(
      ...lines.map(({ text, ok }) =>
        h('div', { className: ok === undefined ? '' : ok ? 'ok' : 'bad' }, text),
      ),
    )
  const fail = (target: HTMLElement, error: unknown) => {
    const { message: text, code } = error as { message?: string; code?: number }
    show(target, {
      text: `${t.failed}: ${text ?? String(error)}${code === undefined ? '' : ` (${code})`}`,
      ok: false,
    })
  }
  const render = () => {
    const row = (term: string, value: string) => [h('dt', {}, term), h('dd', {}, value)]
    status.replaceChildren(
      ...row(t.account, account ?? t.disconnected),
      ...row(t.wallet, session?.peer.metadata.name ?? '—'),
    )
    signButton.disabled = session === undefined
  }

  connectButton.addEventListener('click', async () => {
    connectButton.disabled = true
    connectResult.replaceChildren()
    try {
      const pending = await client.connect({
        optionalNamespaces: {
          eip155: {
            chains: [chain],
            methods: ['personal_sign'],
            events: ['accountsChanged', 'chainChanged'],
          },
        },
      })
      uri.value = pending.uri ?? ''
      uriLabel.hidden = false
      show(connectResult, { text: t.waiting })
      session = await pending.approval()
      const first = session.namespaces.eip155?.accounts[0]?.split(':')[2]
      account = first === undefined ? undefined : getAddress(first)
      uriLabel.hidden = true
      connectResult.replaceChildren()
    } catch (error) {
      fail(connectResult, error)
    } finally {
      connectButton.disabled = false
      render()
    }
  })

  signButton.addEventListener('click', async () => {
    if (session === undefined || account === undefined) return
    signButton.disabled = true
    signResult.replaceChildren()
    try {
      const text = message.value
      const signature = await client.request<Hex>({
        topic: session.topic,
        chainId: chain,
        request: { method: 'personal_sign', params: [toHex(text), account] },
      })
      const recovered = await recoverMessageAddress({ message: text, signature })
      const ok = isAddressEqual(recovered, account)
      show(
        signResult,
        { text: `${t.signature}: ${signature}` },
        { text: ok ? t.verified : t.mismatch, ok },
      )
    } catch (error) {
      fail(signResult, error)
    } finally {
      render()
    }
  })

  render()
  root.replaceChildren(
    h('h1', {}, t.title),
    h('p', {}, t.intro),
    h('p', { className: 'muted' }, `${t.relay}: ${settings.relayUrl}`),
    h('section', {}, connectButton, uriLabel, status, connectResult),
    h(
      'section',
      {},
      h('h2', {}, t.sign),
      h('div', { className: 'row' }, h('label', {}, t.message, message), signButton),
      signResult,
    ),
  )
} catch (error) {
  root.replaceChildren(h('p', { className: 'bad' }, String((error as Error).message ?? error)))
}
