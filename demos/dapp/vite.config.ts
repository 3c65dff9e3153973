/**
 * The demo dapp's Vite config: workspace packages resolve to their TypeScript sources (the
 * `source` export condition, as in the tests), so `vite` and `vite build` need no package build
 * first. Port 5173; `VITE_*` variables configure the page (see README.md). Two pages: the demo
 * (`index.html`) and the WalletConnect demo (`walletconnect.html`).
 */
import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defineConfig } from 'vite'

export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        walletconnect: fileURLToPath(new URL('walletconnect.html', import.meta.url)),
      },
    },
  },
})
