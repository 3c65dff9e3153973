/**
 * The strings of the TON description in English and Simplified Chinese, kept beside the decoder
 * (as the Bitcoin decoder does).
 */
import { type LocaleEntry, localeTable } from '../i18n/localeTable.ts'

const TABLE = {
  intentSend: { en: 'Send {amount} to {to}', 'zh-CN': '发送 {amount} 到 {to}' },
  intentJetton: {
    en: 'Send {amount} of a jetton to {to}',
    'zh-CN': '发送 {amount} Jetton 代币到 {to}',
  },
  intentBatch: {
    en: 'Send {count} messages, {amount} in total',
    'zh-CN': '发送 {count} 条消息，共 {amount}',
  },
  message: { en: 'Message {n}', 'zh-CN': '消息 {n}' },
  recipient: { en: 'Recipient', 'zh-CN': '收款方' },
  amount: { en: 'Amount', 'zh-CN': '金额' },
  comment: { en: 'Comment', 'zh-CN': '备注' },
  jettonWallet: { en: 'Jetton wallet', 'zh-CN': 'Jetton 钱包' },
  jettonAmount: { en: 'Jetton amount (raw units)', 'zh-CN': 'Jetton 数量（原始单位）' },
  jettonRecipient: { en: 'Jetton recipient', 'zh-CN': 'Jetton 收款方' },
  excessTo: { en: 'Excess TON returned to', 'zh-CN': '剩余 TON 退回到' },
  forwardAmount: { en: 'TON forwarded to the recipient', 'zh-CN': '转给收款方的 TON' },
  validUntil: { en: 'Valid until', 'zh-CN': '有效期至' },
  payload: { en: 'Payload (not readable)', 'zh-CN': '载荷（无法解读）' },
  jettonUnits: { en: 'units', 'zh-CN': '单位' },
  unknownPayload: {
    en: 'A message carries data (op {op}) that cannot be read: it may do anything the recipient contract allows.',
    'zh-CN': '某条消息携带无法解读的数据（op {op}）：它可能执行接收合约允许的任何操作。',
  },
  stateInit: {
    en: 'A message deploys a contract (StateInit); the wallet refuses to sign it.',
    'zh-CN': '某条消息会部署合约（StateInit）；钱包会拒绝签名。',
  },
  expired: {
    en: 'This request expired at {time}.',
    'zh-CN': '此请求已于 {time} 过期。',
  },
} as const satisfies Record<string, LocaleEntry>

export const ton = localeTable(TABLE)
