/**
 * The signer app's Vite config: workspace packages resolve to their TypeScript sources (`source`
 * condition), JSX is Preact's, and `/cosigner` is proxied (HTTP and the `/v1/mpc` WebSocket) to
 * the co-signer named by `VITE_TESSERA_COSIGNER_URL`, so the page talks to one origin — as a
 * deployment behind one reverse proxy would — and the co-signer needs no CORS. Port 5174.
 */
import { defaultClientConditions, defineConfig } from 'vite'

const cosigner = process.env.VITE_TESSERA_COSIGNER_URL || 'http://127.0.0.1:8788'
const proxy = {
  '/cosigner': {
    target: cosigner,
    ws: true,
    changeOrigin: true,
    rewrite: (path: string) => path.replace(/^\/cosigner/, ''),
  },
}

export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: { host: '127.0.0.1', port: 5174, proxy },
  preview: { host: '127.0.0.1', port: 4174, proxy },
  worker: { format: 'es' },
  build: { target: 'es2022' },
})
