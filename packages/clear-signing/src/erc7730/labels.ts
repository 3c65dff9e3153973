/**
 * zh-CN labels for the strings our shipped ERC-7730 descriptors use (ERC-7730 leaves localisation
 * to wallets). Any other descriptor text is shown as written.
 */
import type { Locale } from '../types.ts'

const ZH: Readonly<Record<string, string>> = {
  Send: '发送',
  'Send tokens': '发送代币',
  'Transfer tokens': '转移代币',
  'Approve spending': '授权使用',
  'Increase allowance': '增加授权额度',
  'Transfer NFT': '转移 NFT',
  'Manage all NFTs': '管理全部 NFT',
  'Approve NFT': '授权 NFT',
  'Wrap ETH': '包装 ETH',
  'Unwrap ETH': '解包 ETH',
  'Approve with Permit2': '通过 Permit2 授权',
  'Permit2 approval': 'Permit2 授权',
  'Permit2 batch approval': 'Permit2 批量授权',
  'Permit2 transfer': 'Permit2 转账',
  Amount: '数量',
  To: '接收方',
  From: '发送方',
  Spender: '授权对象',
  Operator: '操作方',
  Approved: '授权',
  'Token ID': '代币 ID',
  Token: '代币',
  Expiration: '到期时间',
  Deadline: '截止时间',
  'Signature deadline': '签名截止时间',
  Nonce: 'Nonce',
}

export function translateLabel(locale: Locale, label: string): string {
  return locale === 'zh-CN' ? (ZH[label] ?? label) : label
}
