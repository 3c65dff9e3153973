/**
 * The strings of the Bitcoin description in English and Simplified Chinese, kept beside the
 * decoder (the shared table in i18n/messages.ts stays for the EVM decoders).
 */
import { type LocaleEntry, localeTable } from '../i18n/localeTable.ts'

const TABLE = {
  intentSend: { en: 'Send {amount} to {to}', 'zh-CN': '发送 {amount} 到 {to}' },
  intentSelf: {
    en: 'Move {amount} between your own addresses',
    'zh-CN': '在你自己的地址间转移 {amount}',
  },
  inputs: { en: 'Inputs', 'zh-CN': '输入' },
  outputs: { en: 'Outputs', 'zh-CN': '输出' },
  yours: { en: 'Yours (signed)', 'zh-CN': '你的（将签名）' },
  notYours: { en: 'Not yours (not signed)', 'zh-CN': '不是你的（不签名）' },
  change: { en: 'Change (back to you)', 'zh-CN': '找零（回到你的地址）' },
  recipient: { en: 'Recipient', 'zh-CN': '收款方' },
  data: { en: 'Data (OP_RETURN or unknown script)', 'zh-CN': '数据（OP_RETURN 或未知脚本）' },
  fee: { en: 'Network fee', 'zh-CN': '网络手续费' },
  feeRate: { en: 'Fee rate', 'zh-CN': '费率' },
  feeRateValue: { en: '≈ {rate} sat/vB (≈ {vsize} vB)', 'zh-CN': '≈ {rate} 聪/vB（≈ {vsize} vB）' },
  foreignInputs: {
    en: '{count} input(s) belong to someone else: you sign only yours, and the others must sign too.',
    'zh-CN': '{count} 个输入属于他人：你只签名你的输入，其他人也需签名。',
  },
  highFee: {
    en: 'The fee is {percent}% of the amount sent.',
    'zh-CN': '手续费为发送金额的 {percent}%。',
  },
  unknownOutput: {
    en: 'An output has a script that is not a known address type.',
    'zh-CN': '某个输出的脚本不是已知的地址类型。',
  },
  anyoneCanPay: {
    en: 'An input asks for a sighash type other than ALL; it is refused when signing.',
    'zh-CN': '某个输入要求 ALL 以外的签名哈希类型；签名时会被拒绝。',
  },
} as const satisfies Record<string, LocaleEntry>

export const btc = localeTable(TABLE)
