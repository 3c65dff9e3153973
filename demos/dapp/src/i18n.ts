/**
 * The demo's words in English and Simplified Chinese; the choice follows `?lang=`, else the
 * browser's languages (as the connect modal does). Strings only.
 */
export type Locale = 'en' | 'zh-CN'

const EN = {
  title: 'Tessera demo dapp',
  language: '中文',
  connection: 'Connection',
  connectTessera: 'Connect with Tessera',
  connectInjected: 'Connect browser wallet',
  disconnect: 'Disconnect',
  noInjected: 'No browser wallet found.',
  status: 'Status',
  account: 'Account',
  chain: 'Chain',
  connector: 'Wallet',
  disconnected: 'not connected',
  connecting: 'connecting…',
  switchChain: 'Switch chain',
  signMessage: 'Sign a message',
  message: 'Message',
  sign: 'Sign',
  signTypedData: 'Sign typed data (Permit2 PermitSingle)',
  spender: 'Spender',
  amount: 'Amount',
  sendEth: 'Send ETH',
  to: 'To',
  send: 'Send',
  erc20: 'ERC-20 transfer',
  token: 'Token',
  transfer: 'Transfer',
  verified: 'signature verified: recovers to the account',
  notVerified: 'signature does NOT recover to the account',
  sent: 'sent; transaction',
  mined: 'mined in block',
  reverted: 'reverted in block',
  failed: 'failed',
  config: 'Relay {relay} · RPC {rpc} (chain {chainId})',
  faucet: 'Faucet (local chains)',
  fund: 'Fund this account',
  funded: 'funded; transactions mined',
  ethBalance: 'ETH balance',
  cfxBalance: 'CFX balance',
  noDevchain: 'No devchain configured (VITE_TESSERA_DEVCHAIN_URL).',
  conflux: 'Conflux Core (same Tessera pairing)',
  connectConflux: 'Use Conflux Core',
  coreAccount: 'Core account',
  cfxSigned: 'signature checked: recovers to the Core account',
  sendCfx: 'Send CFX',
  epoch: 'executed in epoch',
  cfxFailed: 'execution failed in epoch',
} as const

export type Messages = { readonly [K in keyof typeof EN]: string }

const ZH: Messages = {
  title: 'Tessera 演示 DApp',
  language: 'English',
  connection: '连接',
  connectTessera: '使用 Tessera 连接',
  connectInjected: '连接浏览器钱包',
  disconnect: '断开连接',
  noInjected: '未检测到浏览器钱包。',
  status: '状态',
  account: '账户',
  chain: '链',
  connector: '钱包',
  disconnected: '未连接',
  connecting: '连接中…',
  switchChain: '切换网络',
  signMessage: '签名消息',
  message: '消息',
  sign: '签名',
  signTypedData: '签名结构化数据（Permit2 PermitSingle）',
  spender: '授权对象',
  amount: '数量',
  sendEth: '发送 ETH',
  to: '收款地址',
  send: '发送',
  erc20: 'ERC-20 转账',
  token: '代币合约',
  transfer: '转账',
  verified: '签名已验证：恢复出的地址即当前账户',
  notVerified: '签名验证失败：恢复出的地址不是当前账户',
  sent: '已发送，交易',
  mined: '已打包，区块',
  reverted: '执行失败，区块',
  failed: '失败',
  config: '中继 {relay} · RPC {rpc}（链 {chainId}）',
  faucet: '水龙头（本地链）',
  fund: '为当前账户领取测试币',
  funded: '已到账，交易已打包',
  ethBalance: 'ETH 余额',
  cfxBalance: 'CFX 余额',
  noDevchain: '未配置本地开发链（VITE_TESSERA_DEVCHAIN_URL）。',
  conflux: 'Conflux Core（同一 Tessera 配对）',
  connectConflux: '使用 Conflux Core',
  coreAccount: 'Core 账户',
  cfxSigned: '签名已验证：恢复出的地址即 Core 账户',
  sendCfx: '发送 CFX',
  epoch: '已执行，纪元',
  cfxFailed: '执行失败，纪元',
}

export const MESSAGES: Readonly<Record<Locale, Messages>> = { en: EN, 'zh-CN': ZH }

export function pickLocale(requested: Locale | undefined): Locale {
  if (requested !== undefined) return requested
  for (const language of navigator.languages ?? [navigator.language]) {
    const lower = language.toLowerCase()
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN'
    if (lower === 'en' || lower.startsWith('en-')) return 'en'
  }
  return 'en'
}
