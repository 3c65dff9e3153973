// The Tessera Alipay shell: the signer is the H5 app at signerOrigin in a <web-view>; this page
// answers its requests (auth code, QR scan) over the real-time postMessage channel. signerOrigin
// must be a business domain of this mini-program (README.md).
App({
  globalData: { signerOrigin: 'https://signer.example.com' },
})
