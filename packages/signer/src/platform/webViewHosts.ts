/**
 * The host objects a signer page sees inside the mini-program web-views, typed from their JS-SDK
 * documentation: WeChat's `wx.miniProgram` (navigateTo is the only prompt way to reach the shell;
 * its `postMessage` is delivered only when the page is left, shared or destroyed) and Alipay's `my`
 * (`my.postMessage` to the shell, `my.onMessage` for what the shell's `webViewContext.postMessage`
 * sends, both real-time). Type only: nothing here calls the host.
 */

export type WeChatMiniProgramBridge = {
  navigateTo(options: {
    url: string
    success?: () => void
    fail?: (error: { errMsg: string }) => void
  }): void
}

export type WeChatWebViewHost = {
  readonly location: { readonly href: string }
  readonly history: { replaceState(data: unknown, unused: string, url: string): void }
  readonly miniProgram: WeChatMiniProgramBridge
}

export type AlipayWebViewBridge = {
  postMessage(message: Record<string, unknown>): void
  onMessage?: ((message: unknown) => void) | undefined
}
