// The Tessera WeChat shell: the signer itself is the H5 app at SIGNER_ORIGIN, shown in a
// <web-view>; these pages only do what needs wx.* (login code, QR scan). SIGNER_ORIGIN must be a
// business domain of this mini-program (README.md).
App({
  globalData: { signerOrigin: 'https://signer.example.com' },
})
