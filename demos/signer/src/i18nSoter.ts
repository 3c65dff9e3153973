/**
 * The words of the SOTER second factor (docs/AUTH.md#soter-biometrics): the co-signer's policy
 * asks for a fingerprint or face confirmation in WeChat before it signs; the approval screen
 * hands off to the WeChat shell, and shows progress, failures with a way forward, and expiry.
 * Merged into i18n.ts's tables.
 */

export const enSoter = {
  'soter.title': 'Confirm with fingerprint in WeChat',
  'soter.why':
    'Your co-signer’s policy asks for a fingerprint or face confirmation of this very request before it signs.',
  /** WeChat's own prompt: at most 42 characters. */
  'soter.prompt': 'Confirm this signature with your finger',
  'soter.starting': 'Preparing the fingerprint confirmation…',
  'soter.handedOff':
    'Confirm with your fingerprint in WeChat. WeChat shows its prompt, then brings you back here.',
  'soter.verifying': 'Checking your fingerprint confirmation with the co-signer…',
  'soter.signing': 'Fingerprint confirmed. Signing with the co-signer…',
  'soter.unavailable':
    'This app cannot ask for a fingerprint here: that needs WeChat. Open Tessera in the WeChat mini-program to approve requests like this one, or reject it.',
  'soter.notResumable':
    'This request came over WalletConnect, which cannot wait while WeChat asks for your fingerprint. Reject it, and send it again from a Tessera connection.',
  'soter.expired':
    'The fingerprint confirmation expired (it is valid for 2 minutes). Try again, or reject the request.',
  'soter.cancelled':
    'You cancelled the fingerprint confirmation. Try again, or reject the request.',
  'soter.notRecognised':
    'WeChat did not recognise the fingerprint. Try again, or reject the request.',
  'soter.notEnrolled':
    'No fingerprint or face is set up on this phone. Set one up in the phone’s settings, then try again — or reject the request.',
  'soter.unsupported':
    'This phone has no fingerprint or face sensor WeChat can use, so this request cannot be approved here. Reject it.',
  'soter.shellFailed':
    'WeChat could not confirm your fingerprint ({detail}). Try again, or reject the request.',
  'soter.handOffFailed':
    'The fingerprint confirmation could not be started ({detail}). Try again, or reject the request.',
  'soter.refused':
    'The co-signer did not accept the fingerprint confirmation ({detail}). Try again, or reject the request.',
  'soter.noAnswer':
    'The fingerprint confirmation did not come back from WeChat. Try again, or reject the request.',
  'soter.mismatch':
    'The fingerprint confirmation was for another request. Try again, or reject this one.',
  'soter.lost':
    'The request that waited for your fingerprint is no longer open (it expired, or the dapp left). Ask the dapp to send it again.',
  'soter.retry': 'Try again',
  'soter.reject': 'Reject the request',
}

export const zhSoter: Record<keyof typeof enSoter, string> = {
  'soter.title': '在微信中用指纹确认',
  'soter.why': '您的联合签名策略要求在签名之前，用指纹或面容确认这一笔请求。',
  'soter.prompt': '请用指纹确认此签名',
  'soter.starting': '正在准备指纹确认…',
  'soter.handedOff': '请在微信中用指纹确认。微信会显示验证提示，完成后回到这里。',
  'soter.verifying': '正在由联合签名服务核验您的指纹确认…',
  'soter.signing': '指纹已确认。正在与联合签名服务签名…',
  'soter.unavailable':
    '此处无法进行指纹确认：需要在微信中完成。请在 Tessera 微信小程序中打开钱包来批准此类请求，或拒绝此请求。',
  'soter.notResumable':
    '此请求来自 WalletConnect 连接，无法在微信验证指纹期间保持等待。请拒绝它，并通过 Tessera 连接重新发送。',
  'soter.expired': '指纹确认已过期（有效期 2 分钟）。请重试，或拒绝此请求。',
  'soter.cancelled': '您取消了指纹确认。请重试，或拒绝此请求。',
  'soter.notRecognised': '微信未能识别指纹。请重试，或拒绝此请求。',
  'soter.notEnrolled': '此手机尚未录入指纹或面容。请先在手机设置中录入后重试，或拒绝此请求。',
  'soter.unsupported': '此手机没有微信可用的指纹或面容传感器，无法在此批准此请求。请拒绝它。',
  'soter.shellFailed': '微信未能完成指纹确认（{detail}）。请重试，或拒绝此请求。',
  'soter.handOffFailed': '无法开始指纹确认（{detail}）。请重试，或拒绝此请求。',
  'soter.refused': '联合签名服务未接受此次指纹确认（{detail}）。请重试，或拒绝此请求。',
  'soter.noAnswer': '微信没有返回指纹确认结果。请重试，或拒绝此请求。',
  'soter.mismatch': '此次指纹确认属于另一笔请求。请重试，或拒绝此请求。',
  'soter.lost': '等待指纹确认的请求已不存在（已过期，或 DApp 已离开）。请让 DApp 重新发送。',
  'soter.retry': '重试',
  'soter.reject': '拒绝此请求',
}
