/**
 * The message table: every string a description shows, in English and Simplified Chinese. A key's
 * text may hold `{name}` placeholders filled by `message()`. Kept as one small table (not an i18n
 * framework) so a translator sees both locales side by side; a key missing in one locale is a type
 * error. Values put into placeholders come from the request and are never interpreted.
 */
import { type LocaleEntry, localeTable } from './localeTable.ts'

const TABLE = {
  // personal_sign
  'intent.signText': { en: 'Sign a message', 'zh-CN': '签名一条消息' },
  'intent.signBytes': {
    en: 'Sign {count} bytes of binary data',
    'zh-CN': '签名 {count} 字节的二进制数据',
  },
  'intent.siwe': { en: 'Sign in to {domain}', 'zh-CN': '登录 {domain}' },
  'label.message': { en: 'Message', 'zh-CN': '消息' },
  'label.data': { en: 'Data', 'zh-CN': '数据' },
  'label.account': { en: 'Account', 'zh-CN': '账户' },
  'label.domain': { en: 'Website', 'zh-CN': '网站' },
  'label.statement': { en: 'Statement', 'zh-CN': '声明' },
  'label.uri': { en: 'URI', 'zh-CN': 'URI' },
  'label.version': { en: 'Version', 'zh-CN': '版本' },
  'label.chain': { en: 'Chain', 'zh-CN': '链' },
  'label.nonce': { en: 'Nonce', 'zh-CN': 'Nonce' },
  'label.issuedAt': { en: 'Issued at', 'zh-CN': '签发时间' },
  'label.expirationTime': { en: 'Expires', 'zh-CN': '过期时间' },
  'label.notBefore': { en: 'Not before', 'zh-CN': '生效时间' },
  'label.requestId': { en: 'Request ID', 'zh-CN': '请求 ID' },
  'label.resources': { en: 'Resources', 'zh-CN': '资源' },
  'warning.binaryMessage': {
    en: 'This message is not readable text. Sign it only if you trust the site: it may authorize anything.',
    'zh-CN': '此消息不是可读文本。仅在信任该网站时签名：它可能授权任何操作。',
  },
  'warning.hashMessage': {
    en: 'This message is 32 bytes that look like a hash: it may be a transaction or an order you cannot see.',
    'zh-CN': '此消息是 32 字节，看起来像哈希：它可能是你看不到的交易或订单。',
  },
  'warning.siweDomainMismatch': {
    en: 'The sign-in request is for {domain}, but it comes from {origin}. This may be a phishing site.',
    'zh-CN': '登录请求针对 {domain}，但来自 {origin}。这可能是钓鱼网站。',
  },
  'warning.siweNoOrigin': {
    en: 'The site asking to sign in to {domain} could not be identified.',
    'zh-CN': '无法确认请求登录 {domain} 的网站。',
  },
  'warning.siweChainMismatch': {
    en: 'The sign-in is for chain {requested}, but the session is on chain {session}.',
    'zh-CN': '登录针对链 {requested}，但会话在链 {session} 上。',
  },
  'warning.siweExpired': {
    en: 'This sign-in request expired at {time}.',
    'zh-CN': '此登录请求已于 {time} 过期。',
  },
  'warning.siweNotYetValid': {
    en: 'This sign-in request is not valid before {time}.',
    'zh-CN': '此登录请求在 {time} 之前无效。',
  },
  'warning.siweAddressMismatch': {
    en: 'The sign-in names account {address}, not the account asked to sign.',
    'zh-CN': '登录消息中的账户是 {address}，不是被请求签名的账户。',
  },
  // transactions
  'intent.send': { en: 'Send {amount} to {to}', 'zh-CN': '向 {to} 发送 {amount}' },
  'intent.transferFrom': {
    en: 'Move {amount} from {from} to {to}',
    'zh-CN': '从 {from} 转移 {amount} 到 {to}',
  },
  'intent.approve': {
    en: 'Allow {spender} to spend {amount}',
    'zh-CN': '允许 {spender} 使用 {amount}',
  },
  'intent.increaseAllowance': {
    en: 'Increase the allowance of {spender} by {amount}',
    'zh-CN': '将 {spender} 的授权额度增加 {amount}',
  },
  'intent.nftTransfer': {
    en: 'Send NFT #{id} of {collection} to {to}',
    'zh-CN': '将 {collection} 的 NFT #{id} 发送给 {to}',
  },
  'intent.multiTransfer': {
    en: 'Send {amount} of token #{id} of {collection} to {to}',
    'zh-CN': '将 {collection} 的 {amount} 个代币 #{id} 发送给 {to}',
  },
  'intent.batchTransfer': {
    en: 'Send {count} kinds of tokens of {collection} to {to}',
    'zh-CN': '将 {collection} 的 {count} 种代币发送给 {to}',
  },
  'intent.approveAll': {
    en: 'Allow {operator} to move all your {collection} NFTs',
    'zh-CN': '允许 {operator} 转移你在 {collection} 中的全部 NFT',
  },
  'intent.revokeAll': {
    en: 'Revoke the access of {operator} to your {collection} NFTs',
    'zh-CN': '撤销 {operator} 对你在 {collection} 中 NFT 的权限',
  },
  'intent.deploy': { en: 'Deploy a new contract', 'zh-CN': '部署新合约' },
  'intent.call': { en: 'Call {fn} on {contract}', 'zh-CN': '调用 {contract} 的 {fn}' },
  'intent.swap': { en: 'Swap {sell} for at least {buy}', 'zh-CN': '用 {sell} 兑换至少 {buy}' },
  'intent.unknownCall': {
    en: 'Call an unknown function on {contract}',
    'zh-CN': '调用 {contract} 上的未知函数',
  },
  'label.token': { en: 'Token', 'zh-CN': '代币' },
  'label.to': { en: 'To', 'zh-CN': '接收方' },
  'label.from': { en: 'From', 'zh-CN': '发送方' },
  'label.amount': { en: 'Amount', 'zh-CN': '数量' },
  'label.spender': { en: 'Spender', 'zh-CN': '授权对象' },
  'label.tokenId': { en: 'Token ID', 'zh-CN': '代币 ID' },
  'label.collection': { en: 'Collection', 'zh-CN': '合集' },
  'label.quantity': { en: 'Quantity', 'zh-CN': '数量' },
  'label.tokens': { en: 'Tokens', 'zh-CN': '代币' },
  'label.operator': { en: 'Operator', 'zh-CN': '操作方' },
  'label.approved': { en: 'Approved', 'zh-CN': '授权' },
  'label.code': { en: 'Contract code', 'zh-CN': '合约代码' },
  'label.contract': { en: 'Contract', 'zh-CN': '合约' },
  'label.function': { en: 'Function', 'zh-CN': '函数' },
  'label.value': { en: 'Value', 'zh-CN': '金额' },
  'label.maxFee': { en: 'Max fee', 'zh-CN': '最高手续费' },
  'label.type': { en: 'Type', 'zh-CN': '类型' },
  'value.yes': { en: 'Yes', 'zh-CN': '是' },
  'value.no': { en: 'No', 'zh-CN': '否' },
  'value.bytes': { en: '{count} bytes', 'zh-CN': '{count} 字节' },
  'warning.unknownToken': {
    en: 'This token is not in the token list: the amount is shown in its smallest unit.',
    'zh-CN': '此代币不在代币列表中：数量以最小单位显示。',
  },
  'warning.unlimitedAllowance': {
    en: '{spender} may spend all your {symbol}, now and later, until you revoke it.',
    'zh-CN': '{spender} 可以花费你全部的 {symbol}（包括以后收到的），直到你撤销授权。',
  },
  'warning.approvalForAll': {
    en: '{operator} may move every NFT you hold in {collection}, now and later, until you revoke it.',
    'zh-CN':
      '{operator} 可以转移你在 {collection} 中持有的全部 NFT（包括以后获得的），直到你撤销授权。',
  },
  'warning.contractCreation': {
    en: 'This deploys contract code that cannot be reviewed here.',
    'zh-CN': '此操作部署的合约代码无法在此审查。',
  },
  'warning.blindCall': {
    en: 'The function called is unknown: you cannot see what this transaction does. Sign only if you trust the site.',
    'zh-CN': '调用的函数未知：你无法看到此交易的作用。仅在信任该网站时签名。',
  },
  'warning.chainMismatch': {
    en: 'This is for {requested}, but the session is on {session}.',
    'zh-CN': '此请求针对 {requested}，但会话在 {session} 上。',
  },
  // typed data
  'intent.revokeAllowance': {
    en: 'Revoke the allowance of {spender} for {symbol}',
    'zh-CN': '撤销 {spender} 对 {symbol} 的授权',
  },
  'intent.permitTransfer': {
    en: 'Allow {spender} to take {amount} once',
    'zh-CN': '允许 {spender} 一次性转走 {amount}',
  },
  'intent.typedData': { en: 'Sign {type} data', 'zh-CN': '签名 {type} 数据' },
  'intent.typedDataFor': { en: 'Sign {type} data for {app}', 'zh-CN': '为 {app} 签名 {type} 数据' },
  'label.name': { en: 'Name', 'zh-CN': '名称' },
  'label.verifyingContract': { en: 'Verifying contract', 'zh-CN': '验证合约' },
  'label.salt': { en: 'Salt', 'zh-CN': '盐值' },
  'label.domainSection': { en: 'Domain', 'zh-CN': '域' },
  'label.primaryType': { en: 'Type', 'zh-CN': '类型' },
  'label.deadline': { en: 'Deadline', 'zh-CN': '截止时间' },
  'label.expiration': { en: 'Allowance expires', 'zh-CN': '授权到期' },
  'label.signatureDeadline': { en: 'Signature deadline', 'zh-CN': '签名截止时间' },
  'label.owner': { en: 'Owner', 'zh-CN': '所有者' },
  'label.witness': { en: 'Witness', 'zh-CN': '见证数据' },
  'value.never': { en: 'Never', 'zh-CN': '永不' },
  'warning.longDeadline': {
    en: '{label}: {time}, more than 30 days from now. The permission stays usable that long.',
    'zh-CN': '{label}：{time}，距今超过 30 天。该授权在此期间一直有效。',
  },
  'warning.neverExpires': {
    en: '{label}: never. The permission stays usable until you revoke it.',
    'zh-CN': '{label}：永不。该授权在你撤销前一直有效。',
  },
  // Conflux Core
  'label.gasPrice': { en: 'Gas price', 'zh-CN': 'Gas 价格' },
  'label.storageLimit': { en: 'Storage limit', 'zh-CN': '存储上限' },
  'label.maxCollateral': { en: 'Max storage collateral', 'zh-CN': '最高存储抵押' },
  'label.epochHeight': { en: 'Epoch height', 'zh-CN': '纪元高度' },
  // Solana
  'intent.solanaTransaction': {
    en: 'Sign a Solana transaction with {count} instructions ({programs})',
    'zh-CN': '签名一笔包含 {count} 条指令的 Solana 交易（{programs}）',
  },
  'label.program': { en: 'Program', 'zh-CN': '程序' },
  'label.programs': { en: 'Programs', 'zh-CN': '涉及的程序' },
  'label.instructions': { en: 'Instructions', 'zh-CN': '指令' },
  'label.feePayer': { en: 'Fee payer', 'zh-CN': '手续费支付方' },
  'label.fee': { en: 'Fee', 'zh-CN': '手续费' },
  'label.recentBlockhash': { en: 'Recent blockhash', 'zh-CN': '最近区块哈希' },
  'label.newAccount': { en: 'New account', 'zh-CN': '新账户' },
  'label.mint': { en: 'Mint', 'zh-CN': '代币铸造地址' },
  'label.tokenAccount': { en: 'Token account', 'zh-CN': '代币账户' },
  'label.toTokenAccount': { en: 'To (token account)', 'zh-CN': '接收方（代币账户）' },
  'label.fromTokenAccount': { en: 'From (token account)', 'zh-CN': '发送方（代币账户）' },
  'label.delegate': { en: 'Delegate', 'zh-CN': '代理方' },
  'label.computeUnits': { en: 'Compute units', 'zh-CN': '计算单元' },
  'label.computeUnitPrice': { en: 'Compute unit price', 'zh-CN': '计算单元价格' },
  'value.lookupAccount': { en: 'an account from a lookup table', 'zh-CN': '地址查找表中的账户' },
  'value.thisToken': { en: 'tokens in this account', 'zh-CN': '此账户中的代币' },
  'warning.unknownInstruction': {
    en: 'An instruction for {program} cannot be decoded: you cannot see what it does.',
    'zh-CN': '无法解码 {program} 的一条指令：你无法看到它的作用。',
  },
  'warning.assignAccount': {
    en: 'This gives control of account {account} to another program: it could take everything in it.',
    'zh-CN': '此操作将账户 {account} 的控制权交给另一个程序：它可能拿走其中的全部资产。',
  },
  'warning.setAuthority': {
    en: 'This changes who controls {account}.',
    'zh-CN': '此操作会更改 {account} 的控制者。',
  },
  'warning.noMint': {
    en: 'The token is not named in this instruction: the amount is shown in its smallest unit.',
    'zh-CN': '此指令未注明代币：数量以最小单位显示。',
  },
  'warning.lookupTableAccount': {
    en: 'The receiving account comes from an address lookup table and cannot be shown here.',
    'zh-CN': '接收账户来自地址查找表，无法在此显示。',
  },
  'warning.transactionAsMessage': {
    en: 'These bytes are a Solana transaction, not a message. Do not sign.',
    'zh-CN': '这些字节是一笔 Solana 交易，而不是消息。请勿签名。',
  },
  // ERC-7730
  'warning.unlimitedAmount': {
    en: '{label}: unlimited {symbol}. Whoever receives this permission can take all of it.',
    'zh-CN': '{label}：无限 {symbol}。获得此授权者可以拿走全部。',
  },
} as const satisfies Record<string, LocaleEntry>

export type MessageKey = keyof typeof TABLE

/** The text of `key` in `locale` with each `{name}` replaced by `values[name]`. */
export const message = localeTable<MessageKey>(TABLE)
