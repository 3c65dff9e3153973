/**
 * Runs a mini-program project's logic-layer files in a `node:vm` context, as the WeChat or Alipay
 * runtime would: `App`, `Page`, `getApp` and a CommonJS `require` for the project's own files, the
 * host object (`wx` or `my`) given by the test, and nothing else — no `URL`, no `TextEncoder`, no
 * `crypto`, no network. `open(path, query)` loads a page and calls `onLoad` with the raw query.
 * Tests only.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import vm from 'node:vm'

type PageConfig = Record<string, unknown> & { data?: Record<string, unknown> }
export type PageInstance = Record<string, unknown> & {
  data: Record<string, unknown>
  setData(patch: Record<string, unknown>): void
}

/** `a=1&b=2` split without decoding, as the runtimes hand queries to `onLoad`. */
export function rawQuery(url: string): { path: string; query: Record<string, string> } {
  const [path = '', search = ''] = url.replace(/^\//, '').split('?')
  const query: Record<string, string> = {}
  for (const pair of search.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=')
    query[eq < 0 ? pair : pair.slice(0, eq)] = eq < 0 ? '' : pair.slice(eq + 1)
  }
  return { path, query }
}

export function miniProgramVm(root: string, hostName: 'wx' | 'my', host: object) {
  let appConfig: Record<string, unknown> = {}
  let pageConfig: PageConfig | undefined
  const context = vm.createContext({
    [hostName]: host,
    console,
    App: (config: Record<string, unknown>) => {
      appConfig = config
    },
    Page: (config: PageConfig) => {
      pageConfig = config
    },
    getApp: () => appConfig,
  })
  const run = (file: string) => {
    const module = { exports: {} as unknown }
    const require = (spec: string) => run(normalize(join(dirname(file), spec)))
    const wrapper = vm.runInContext(
      `(function (module, exports, require) {\n${readFileSync(join(root, file), 'utf8')}\n})`,
      context,
      { filename: join(root, file) },
    ) as (m: object, e: unknown, r: (s: string) => unknown) => void
    wrapper(module, module.exports, require)
    return module.exports
  }
  run('app.js')
  const pages: PageInstance[] = []
  return {
    app: () => appConfig,
    pages,
    /** Loads `pages/x/x` and calls its onLoad with the query of `url` (not decoded). */
    open(url: string): PageInstance {
      const { path, query } = rawQuery(url)
      pageConfig = undefined
      run(`${path}.js`)
      const config = pageConfig as PageConfig | undefined
      if (config === undefined) throw new Error(`${path}.js registered no Page`)
      const page = {
        ...config,
        data: { ...(config.data ?? {}) },
        setData(patch: Record<string, unknown>) {
          Object.assign(this.data, patch)
        },
      } as PageInstance
      pages.push(page)
      ;(config.onLoad as ((q: object) => void) | undefined)?.call(page, query)
      return page
    },
  }
}
