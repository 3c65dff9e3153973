/**
 * The demo dapp's page, on plain `@wagmi/core` (no framework): connect with Tessera (its connect
 * modal) or a browser wallet, show the account and chain, sign a message and Permit2 typed data
 * (each signature recovered with viem and compared with the account), send ETH and an ERC-20
 * transfer (waiting for the receipt), switch chains, disconnect; fund the account from the
 * devchain's faucet; and Conflux Core over the same Tessera pairing (base32 account, a signed
 * message, CFX sent on the local node with its receipt), and Solana through the Wallet Standard
 * wallet of `@tessera/solana` on that pairing (a signed message and a signed SOL transfer, each
 * signature verified; `./solana.ts` is loaded on first use). English and Simplified Chinese.
 * Everything shown comes from wagmi or viem and is written as text, never as HTML.
 */
import {
  connect,
  disconnect,
  getBalance,
  getConnection,
  readContract,
  reconnect,
  sendTransaction,
  signMessage,
  signTypedData,
  switchChain,
  waitForTransactionReceipt,
  watchConnection,
  writeContract,
} from '@wagmi/core'
import {
  type Address,
  erc20Abi,
  formatEther,
  getAddress,
  type Hash,
  isAddressEqual,
  numberToHex,
  parseEther,
  parseUnits,
  recoverMessageAddress,
  recoverTypedDataAddress,
} from 'viem'
import { readDemoConfig } from './config.ts'
import { createDemoConflux, waitConfluxReceipt } from './conflux.ts'
import { confluxRpc, requestFaucet } from './devchain.ts'
import { MESSAGES, type Messages, pickLocale } from './i18n.ts'
import { permit2Single } from './permit2.ts'
import type { DemoSolana } from './solana.ts'
import { createDemoConfig } from './wagmiConfig.ts'

const root = document.getElementById('app') as HTMLElement

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

function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return h('label', {}, label, input)
}

try {
  start()
} catch (error) {
  root.replaceChildren(h('p', { className: 'bad' }, (error as Error).message))
}

function start(): void {
  const settings = readDemoConfig(location.search, import.meta.env)
  const locale = pickLocale(settings.locale)
  const t: Messages = MESSAGES[locale]
  document.documentElement.lang = locale
  document.title = t.title
  const config = createDemoConfig(settings, locale)
  const [injectedConnector, tesseraConnector] = config.connectors
  if (injectedConnector === undefined || tesseraConnector === undefined) {
    throw new Error('the demo config lists injected() and tessera()')
  }

  // Result lines: one per section, replaced by each action.
  const result = () => h('div', { className: 'result' })
  const show = (target: HTMLElement, ...lines: { text: string; ok?: boolean }[]) => {
    target.replaceChildren(
      ...lines.map(({ text, ok }) =>
        h('div', { className: ok === undefined ? '' : ok ? 'ok' : 'bad' }, text),
      ),
    )
  }
  const fail = (target: HTMLElement, error: unknown) => {
    const { shortMessage, message, details } = error as {
      shortMessage?: string
      message?: string
      details?: string
    }
    // viem's generic headline ("An internal error was received.") hides the wallet's reason,
    // which it keeps as `details`: show both.
    const reason = details && details !== shortMessage ? ` (${details})` : ''
    show(target, {
      text: `${t.failed}: ${shortMessage ?? message ?? String(error)}${reason}`,
      ok: false,
    })
  }
  const account = (): Address => {
    const { address } = getConnection(config)
    if (address === undefined) throw new Error(t.disconnected)
    return address
  }
  const action = (button: HTMLButtonElement, target: HTMLElement, run: () => Promise<void>) => {
    button.addEventListener('click', async () => {
      button.disabled = true
      target.replaceChildren()
      try {
        await run()
      } catch (error) {
        fail(target, error)
      } finally {
        button.disabled = false
        render()
      }
    })
  }
  const waitReceipt = async (target: HTMLElement, hash: Hash) => {
    show(target, { text: `${t.sent} ${hash}` })
    const receipt = await waitForTransactionReceipt(config, { hash })
    const ok = receipt.status === 'success'
    show(
      target,
      { text: `${t.sent} ${hash}` },
      { text: `${ok ? t.mined : t.reverted} ${receipt.blockNumber}`, ok },
    )
  }

  // Header and settings.
  const other = locale === 'en' ? 'zh-CN' : 'en'
  const switchLanguage = new URLSearchParams(location.search)
  switchLanguage.set('lang', other)
  const header = h(
    'header',
    {},
    h('h1', {}, t.title),
    h('a', { href: `?${switchLanguage}`, lang: other }, t.language),
  )
  const settingsLine = h(
    'p',
    { className: 'muted' },
    t.config
      .replace('{relay}', settings.relayUrl)
      .replace('{rpc}', settings.rpcUrl)
      .replace('{chainId}', String(settings.chainId)),
  )

  // Connection.
  const connectTessera = h('button', { type: 'button' }, t.connectTessera)
  const connectInjected = h('button', { type: 'button', className: 'secondary' }, t.connectInjected)
  const disconnectButton = h('button', { type: 'button', className: 'secondary' }, t.disconnect)
  const connectionResult = result()
  const status = {
    account: h('dd'),
    chain: h('dd'),
    connector: h('dd'),
  }
  const chainSelect = h('select', { id: 'chain' })
  for (const chain of config.chains) {
    chainSelect.append(h('option', { value: String(chain.id) }, `${chain.name} (${chain.id})`))
  }
  const switchButton = h('button', { type: 'button', className: 'secondary' }, t.switchChain)
  action(connectTessera, connectionResult, async () => {
    await connect(config, { connector: tesseraConnector })
  })
  action(connectInjected, connectionResult, async () => {
    if (typeof (globalThis as { ethereum?: unknown }).ethereum === 'undefined') {
      throw new Error(t.noInjected)
    }
    await connect(config, { connector: injectedConnector })
  })
  action(disconnectButton, connectionResult, async () => {
    await disconnect(config)
  })
  action(switchButton, connectionResult, async () => {
    const chain = await switchChain(config, { chainId: Number(chainSelect.value) })
    show(connectionResult, { text: `${t.chain}: ${chain.name} (${chain.id})`, ok: true })
  })

  // Sign a message.
  const messageInput = h('input', { value: 'Hello from the Tessera demo dapp' })
  const signButton = h('button', { type: 'button' }, t.sign)
  const signResult = result()
  action(signButton, signResult, async () => {
    const address = account()
    const message = messageInput.value
    const signature = await signMessage(config, { message })
    const recovered = await recoverMessageAddress({ message, signature })
    const ok = isAddressEqual(recovered, address)
    show(signResult, { text: signature }, { text: ok ? t.verified : t.notVerified, ok })
  })

  // Sign typed data: Permit2 PermitSingle.
  const permitToken = h('input', {
    value: settings.token ?? '0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238',
  })
  const permitSpender = h('input', { value: '0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD' })
  const permitAmount = h('input', { value: '1000000' })
  const typedButton = h('button', { type: 'button' }, t.sign)
  const typedResult = result()
  action(typedButton, typedResult, async () => {
    const address = account()
    const typedData = permit2Single({
      chainId: getConnection(config).chainId ?? settings.chainId,
      token: getAddress(permitToken.value.trim()),
      spender: getAddress(permitSpender.value.trim()),
      amount: BigInt(permitAmount.value.trim()),
      nowSeconds: Math.floor(Date.now() / 1000),
    })
    const signature = await signTypedData(config, typedData)
    const recovered = await recoverTypedDataAddress({ ...typedData, signature })
    const ok = isAddressEqual(recovered, address)
    show(typedResult, { text: signature }, { text: ok ? t.verified : t.notVerified, ok })
  })

  // Send ETH.
  const ethTo = h('input', { placeholder: '0x…' })
  const ethAmount = h('input', { value: '0.001' })
  const ethButton = h('button', { type: 'button' }, t.send)
  const ethResult = result()
  action(ethButton, ethResult, async () => {
    account()
    const hash = await sendTransaction(config, {
      to: getAddress(ethTo.value.trim()),
      value: parseEther(ethAmount.value.trim()),
    })
    await waitReceipt(ethResult, hash)
  })

  // ERC-20 transfer.
  const tokenInput = h('input', { value: settings.token ?? '', placeholder: '0x…' })
  const tokenTo = h('input', { placeholder: '0x…' })
  const tokenAmount = h('input', { value: '1' })
  const tokenButton = h('button', { type: 'button' }, t.transfer)
  const tokenResult = result()
  action(tokenButton, tokenResult, async () => {
    account()
    const address = getAddress(tokenInput.value.trim())
    const decimals = await readContract(config, {
      address,
      abi: erc20Abi,
      functionName: 'decimals',
    })
    const hash = await writeContract(config, {
      address,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [getAddress(tokenTo.value.trim()), parseUnits(tokenAmount.value.trim(), decimals)],
    })
    await waitReceipt(tokenResult, hash)
  })

  // Faucet: the devchain funds the account (ETH, the demo token) and its Core twin (CFX).
  const devchain = (): string => {
    if (settings.devchainUrl === undefined) throw new Error(t.noDevchain)
    return settings.devchainUrl
  }
  const cfxNode = settings.devchainUrl === undefined ? undefined : confluxRpc(settings.devchainUrl)
  const node = () => {
    if (cfxNode === undefined) throw new Error(t.noDevchain)
    return cfxNode
  }
  const cfxBalance = async (address: string): Promise<string> =>
    formatEther(
      BigInt((await node().request({ method: 'cfx_getBalance', params: [address] })) as string),
    )
  const faucetButton = h('button', { type: 'button' }, t.fund)
  const faucetResult = result()
  action(faucetButton, faucetResult, async () => {
    const address = account()
    const funded = await requestFaucet(devchain(), address)
    for (const hash of funded.evm.transactions) {
      await waitForTransactionReceipt(config, { hash, chainId: settings.chainId })
    }
    const receipt = await waitConfluxReceipt(node(), funded.conflux.transaction)
    const eth = await getBalance(config, { address, chainId: settings.chainId })
    show(
      faucetResult,
      { text: `${t.funded}`, ok: receipt.outcomeStatus === '0x0' },
      { text: `${t.ethBalance}: ${formatEther(eth.value)} ETH` },
      {
        text: `${t.cfxBalance} (${funded.conflux.address}): ${await cfxBalance(funded.conflux.address)} CFX`,
      },
    )
  })

  // Conflux Core over the same pairing: the Tessera connector's session is the transport.
  const conflux = createDemoConflux({
    rpc: { request: (args) => node().request(args) },
    chainId: settings.confluxChainId,
    tesseraProvider: () => tesseraConnector.getProvider(),
    async connect() {
      if (getConnection(config).status !== 'connected') {
        await connect(config, { connector: tesseraConnector })
      }
    },
  })
  let coreAccount: string | undefined
  const coreAccountLine = h('dd', {}, '—')
  const cfxConnectButton = h('button', { type: 'button' }, t.connectConflux)
  const cfxConnectResult = result()
  action(cfxConnectButton, cfxConnectResult, async () => {
    const [first] = (await conflux.request({ method: 'cfx_requestAccounts' })) as string[]
    coreAccount = first
    coreAccountLine.textContent = first ?? '—'
    if (first !== undefined) {
      show(cfxConnectResult, { text: `${t.cfxBalance}: ${await cfxBalance(first)} CFX` })
    }
  })
  conflux.on('accountsChanged', (accounts) => {
    coreAccount = accounts[0]
    coreAccountLine.textContent = coreAccount ?? '—'
  })
  conflux.on('disconnect', () => {
    coreAccount = undefined
    coreAccountLine.textContent = '—'
  })
  const core = (): string => {
    if (coreAccount === undefined) throw new Error(t.disconnected)
    return coreAccount
  }
  const cfxMessage = h('input', { value: 'Hello Conflux Core from the Tessera demo dapp' })
  const cfxSignButton = h('button', { type: 'button' }, t.sign)
  const cfxSignResult = result()
  action(cfxSignButton, cfxSignResult, async () => {
    // The provider recovers the signer and refuses a signature that is not the account's.
    const signature = (await conflux.request({
      method: 'personal_sign',
      params: [cfxMessage.value, core()],
    })) as string
    show(cfxSignResult, { text: signature }, { text: t.cfxSigned, ok: true })
  })
  const cfxTo = h('input', { placeholder: `net${settings.confluxChainId}:…` })
  const cfxAmount = h('input', { value: '1' })
  const cfxSendButton = h('button', { type: 'button' }, t.send)
  const cfxSendResult = result()
  action(cfxSendButton, cfxSendResult, async () => {
    const hash = (await conflux.request({
      method: 'cfx_sendTransaction',
      params: [
        {
          from: core(),
          to: cfxTo.value.trim(),
          value: numberToHex(parseEther(cfxAmount.value.trim())),
        },
      ],
    })) as Hash
    show(cfxSendResult, { text: `${t.sent} ${hash}` })
    const receipt = await waitConfluxReceipt(node(), hash)
    const ok = receipt.outcomeStatus === '0x0'
    show(
      cfxSendResult,
      { text: `${t.sent} ${hash}` },
      { text: `${ok ? t.epoch : t.cfxFailed} ${BigInt(receipt.epochNumber)}`, ok },
    )
  })

  // Solana over the same pairing: loaded on first use, so the page pays nothing for it up front.
  let solanaModule: Promise<DemoSolana> | undefined
  const solana = (): Promise<DemoSolana> => {
    solanaModule ??= import('./solana.ts').then(({ createDemoSolana }) =>
      createDemoSolana({
        tesseraProvider: () => tesseraConnector.getProvider(),
        async connect() {
          if (getConnection(config).status !== 'connected') {
            await connect(config, { connector: tesseraConnector })
          }
        },
      }),
    )
    return solanaModule
  }
  const verdict = (verified: boolean | undefined) =>
    verified === undefined
      ? { text: t.solanaCheckedByWallet, ok: true }
      : { text: verified ? t.solanaVerified : t.solanaNotVerified, ok: verified }
  const solanaAccountLine = h('dd', {}, '—')
  const solConnectButton = h('button', { type: 'button' }, t.connectSolana)
  const solConnectResult = result()
  action(solConnectButton, solConnectResult, async () => {
    const address = await (await solana()).connect()
    solanaAccountLine.textContent = address ?? '—'
  })
  const solMessage = h('input', { value: 'Hello Solana from the Tessera demo dapp' })
  const solSignButton = h('button', { type: 'button' }, t.sign)
  const solSignResult = result()
  action(solSignButton, solSignResult, async () => {
    const { signature, verified } = await (await solana()).signMessage(solMessage.value)
    show(solSignResult, { text: signature }, verdict(verified))
  })
  const solTo = h('input', { value: '4vJ9JU1bJJE96FWSJKvHsmmFADCg4gpZQff4P3bkLKi' })
  const solLamports = h('input', { value: '1000000' })
  const solTxButton = h('button', { type: 'button' }, t.sign)
  const solTxResult = result()
  action(solTxButton, solTxResult, async () => {
    const lamports = solLamports.value.trim()
    if (!/^[0-9]{1,19}$/.test(lamports)) throw new Error(`${t.lamports}: 0 … 2^64 − 1`)
    const signed = await (await solana()).signTransfer(solTo.value.trim(), BigInt(lamports))
    show(
      solTxResult,
      { text: signed.signature },
      { text: `${t.solanaSigned} ${signed.size}` },
      verdict(signed.verified),
    )
  })

  const signing = [
    signButton,
    typedButton,
    ethButton,
    tokenButton,
    switchButton,
    disconnectButton,
    faucetButton,
  ]
  function render(): void {
    const connection = getConnection(config)
    const connected = connection.status === 'connected'
    status.account.textContent = connection.address ?? t.disconnected
    status.chain.textContent =
      connection.chainId === undefined
        ? '—'
        : `${config.chains.find((c) => c.id === connection.chainId)?.name ?? '?'} (${connection.chainId})`
    status.connector.textContent =
      connection.status === 'connecting' || connection.status === 'reconnecting'
        ? t.connecting
        : (connection.connector?.name ?? '—')
    for (const button of signing) button.disabled = !connected
    connectTessera.disabled = connectInjected.disabled = connected
    if (connection.chainId !== undefined) chainSelect.value = String(connection.chainId)
  }
  watchConnection(config, { onChange: render })

  const section = (title: string, ...children: Child[]) =>
    h('section', {}, h('h2', {}, title), ...children)
  root.replaceChildren(
    header,
    settingsLine,
    section(
      t.connection,
      h('div', { className: 'row' }, connectTessera, connectInjected, disconnectButton),
      connectionResult,
    ),
    section(
      t.status,
      h(
        'dl',
        {},
        h('dt', {}, t.account),
        status.account,
        h('dt', {}, t.chain),
        status.chain,
        h('dt', {}, t.connector),
        status.connector,
      ),
      h('div', { className: 'row' }, field(t.chain, chainSelect), switchButton),
    ),
    section(
      t.signMessage,
      h('div', { className: 'row' }, field(t.message, messageInput), signButton),
      signResult,
    ),
    section(
      t.signTypedData,
      h(
        'div',
        { className: 'row' },
        field(t.token, permitToken),
        field(t.spender, permitSpender),
        field(t.amount, permitAmount),
      ),
      h('div', { className: 'row' }, typedButton),
      typedResult,
    ),
    section(
      t.sendEth,
      h('div', { className: 'row' }, field(t.to, ethTo), field(t.amount, ethAmount), ethButton),
      ethResult,
    ),
    section(
      t.erc20,
      h(
        'div',
        { className: 'row' },
        field(t.token, tokenInput),
        field(t.to, tokenTo),
        field(t.amount, tokenAmount),
      ),
      h('div', { className: 'row' }, tokenButton),
      tokenResult,
    ),
    section(t.faucet, h('div', { className: 'row' }, faucetButton), faucetResult),
    section(
      t.conflux,
      h('dl', {}, h('dt', {}, t.coreAccount), coreAccountLine),
      h('div', { className: 'row' }, cfxConnectButton),
      cfxConnectResult,
      h('div', { className: 'row' }, field(t.message, cfxMessage), cfxSignButton),
      cfxSignResult,
      h('h3', {}, t.sendCfx),
      h('div', { className: 'row' }, field(t.to, cfxTo), field(t.amount, cfxAmount), cfxSendButton),
      cfxSendResult,
    ),
    section(
      t.solana,
      h('dl', {}, h('dt', {}, t.solanaAccount), solanaAccountLine),
      h('div', { className: 'row' }, solConnectButton),
      solConnectResult,
      h('div', { className: 'row' }, field(t.message, solMessage), solSignButton),
      solSignResult,
      h('h3', {}, t.signSolanaTransaction),
      h(
        'div',
        { className: 'row' },
        field(t.to, solTo),
        field(t.lamports, solLamports),
        solTxButton,
      ),
      solTxResult,
    ),
  )
  render()
  // A persisted Tessera session (or an authorised browser wallet) comes back without a new scan.
  void reconnect(config).then(render, render)
}
