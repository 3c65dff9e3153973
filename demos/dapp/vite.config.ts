/**
 * The demo dapp's Vite config: workspace packages resolve to their TypeScript sources (the
 * `source` export condition, as in the tests), so `vite` and `vite build` need no package build
 * first. Port 5173; `VITE_*` variables configure the page (see README.md).
 */
import { defaultClientConditions, defineConfig } from 'vite'

export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022' },
})
