/**
 * The WalletConnect SDK stays out of every bundle that does not open a `wc:` link: no module of
 * the package imports `@walletconnect/sign-client` as a value at the top level (only `import
 * type`, and the `import()` inside `createWalletConnectWallet`), and the main entry does not
 * import the `walletconnect` subpath at all.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const src = new URL('..', import.meta.url).pathname
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })

test('no static value import of the WalletConnect SDK; the main entry leaves the subpath out', () => {
  const offenders = sources(src).filter((file) =>
    /^import (?!type )[^'"]*from '@walletconnect\/sign-client'/m.test(readFileSync(file, 'utf8')),
  )
  expect(offenders).toEqual([])
  const main = readFileSync(join(src, 'index.ts'), 'utf8')
  expect(main).not.toMatch(/walletconnect/)
  const wallet = readFileSync(join(src, 'walletconnect/createWalletConnectWallet.ts'), 'utf8')
  expect(wallet).toMatch(/await import\('@walletconnect\/sign-client'\)/)
})
