/**
 * The deployment files (deploy/: a Dockerfile per server, compose.yaml, the Caddyfile) agree with
 * the code: every variable compose sets is an option of that server, every service and upstream
 * the proxy names exists, each Dockerfile is multi-stage and runs the built `dist/main.js` as a
 * non-root user without tsx, and its build commands and output paths are the packages' own.
 * Where Docker works (`docker info` succeeds), both images are also built; where it does not, the
 * test says so and the file checks are what it asserts — it is never skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { OPTIONS as COSIGNER_OPTIONS } from '../packages/cosigner/src/config.ts'
import { LOOPBACK_TOPOLOGY as TOPOLOGY } from '../packages/cosigner/src/test/loopbackTopology.ts'
import { OPTIONS as RELAY_OPTIONS } from '../relay/src/config.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const DEPLOY = join(ROOT, 'deploy')
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')

type Yaml = string | Yaml[] | { [key: string]: Yaml }

/**
 * Reads the block YAML compose.yaml is written in: nested maps, `- item` lists, plain or
 * double-quoted scalars, comments. Anything else (flow style, anchors, multi-line scalars)
 * throws, so the compose file stays within what this check understands.
 */
function parseBlockYaml(text: string): Yaml {
  const lines = text
    .split('\n')
    .map((raw, i) => ({ raw, no: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'))
    .map(({ raw, no }) => ({ indent: raw.length - raw.trimStart().length, text: raw.trim(), no }))
  let at = 0
  const scalar = (s: string, no: number): string => {
    if (/^[[{&*|>!]/.test(s)) throw new Error(`line ${no}: unsupported YAML: ${s}`)
    if (s.startsWith('"')) return JSON.parse(s) as string
    return s
  }
  const block = (indent: number): Yaml => {
    const first = lines[at]
    if (first === undefined || first.indent < indent) return ''
    if (first.text.startsWith('- ')) {
      const list: Yaml[] = []
      while (lines[at]?.indent === indent && lines[at]?.text.startsWith('- ')) {
        const line = lines[at++] as (typeof lines)[number]
        list.push(scalar(line.text.slice(2), line.no))
      }
      return list
    }
    const map: Record<string, Yaml> = {}
    while (lines[at]?.indent === indent) {
      const line = lines[at++] as (typeof lines)[number]
      const m = /^([A-Za-z0-9_.-]+):(?: (.*))?$/.exec(line.text)
      if (m === null) throw new Error(`line ${line.no}: expected key: value, got ${line.text}`)
      const key = m[1] as string
      map[key] =
        m[2] !== undefined
          ? scalar(m[2], line.no)
          : (lines[at]?.indent ?? 0) > indent
            ? block(lines[at]?.indent as number)
            : ''
    }
    return map
  }
  const result = block(0)
  if (at !== lines.length) throw new Error(`line ${lines[at]?.no}: unexpected indentation`)
  return result
}

interface ComposeService {
  build?: { context?: string; dockerfile?: string }
  image?: string
  entrypoint?: string[]
  environment: Record<string, string>
  volumes?: string[]
  networks?: { tessera?: { ipv4_address?: string } }
}
const compose = parseBlockYaml(read('deploy/compose.yaml')) as unknown as {
  services: Record<string, ComposeService>
  secrets: Record<string, { file: string }>
}
const services = compose.services
const service = (name: string): ComposeService => {
  const found = services[name]
  if (found === undefined) throw new Error(`compose has no service ${name}`)
  return found
}

interface Server {
  name: string
  dockerfile: string
  packageDir: string
  packageName: string
  port: number
  prefix: string
  options: readonly { env: string }[]
}
const SERVERS: Server[] = [
  {
    name: 'relay',
    dockerfile: 'deploy/relay.Dockerfile',
    packageDir: 'relay',
    packageName: '@tessera/relay',
    port: 8787,
    prefix: 'RELAY_',
    options: RELAY_OPTIONS,
  },
  {
    name: 'cosigner',
    dockerfile: 'deploy/cosigner.Dockerfile',
    packageDir: 'packages/cosigner',
    packageName: '@tessera/cosigner',
    port: 8788,
    prefix: 'COSIGNER_',
    options: COSIGNER_OPTIONS,
  },
]

const packageJson = (dir: string) =>
  JSON.parse(read(`${dir}/package.json`)) as {
    name: string
    scripts?: Record<string, string>
    files?: string[]
    exports?: Record<string, unknown>
    dependencies?: Record<string, string>
  }
const WORKSPACE = new Map(
  [
    'relay',
    ...[
      'protocol',
      'mpc',
      'noise',
      'server-kit',
      'cosigner',
      'cosigner-client',
      'conflux',
      'clear-signing',
    ].map((p) => `packages/${p}`),
  ].map((dir) => [packageJson(dir).name, dir]),
)

/** The workspace packages `name` needs at run time, itself included. */
function workspaceClosure(name: string, seen = new Set<string>()): Set<string> {
  seen.add(name)
  const dir = WORKSPACE.get(name)
  if (dir === undefined) throw new Error(`unknown workspace package ${name}`)
  for (const [dep, version] of Object.entries(packageJson(dir).dependencies ?? {})) {
    if (version.startsWith('workspace:') && !seen.has(dep)) workspaceClosure(dep, seen)
  }
  return seen
}

function stages(dockerfile: string) {
  return read(dockerfile)
    .split(/^FROM /m)
    .slice(1)
    .map((s) => `FROM ${s}`)
}

function dockerWorks(): boolean {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 }).status === 0
}

describe('deployment files', () => {
  it('compose runs two relays on Redis and two co-signers on PostgreSQL behind one proxy', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['cosigner-1', 'cosigner-2', 'postgres', 'proxy', 'redis', 'relay-1', 'relay-2'].sort(),
    )
    for (const server of SERVERS) {
      const known = new Set(server.options.map((o) => o.env))
      for (const n of [1, 2]) {
        const node = service(`${server.name}-${n}`)
        expect(node.build).toEqual({ context: '..', dockerfile: server.dockerfile })
        const env = node.environment
        const unknown = Object.keys(env).filter((k) => !known.has(k))
        expect(unknown, `${server.name}-${n} variables no option has`).toEqual([])
        expect(Object.keys(env).every((k) => k.startsWith(server.prefix))).toBe(true)
        expect(env[`${server.prefix}TRUST_PROXY`]).toBe(
          service('proxy').networks?.tessera?.ipv4_address,
        )
        const redis = new URL(env[`${server.prefix}REDIS_URL`] as string)
        expect(redis.hostname).toBe('redis')
      }
    }
    expect(service('relay-1').environment.RELAY_STORAGE).toBe('redis')
    expect(service('relay-1').environment.RELAY_NODE_ID).not.toBe(
      service('relay-2').environment.RELAY_NODE_ID,
    )
    for (const n of [1, 2]) {
      const env = service(`cosigner-${n}`).environment
      expect(env.COSIGNER_STORAGE).toBe('postgres')
      const db = new URL(env.COSIGNER_DATABASE_URL as string)
      expect(db.hostname).toBe('postgres')
      expect(db.pathname).toBe(`/${service('postgres').environment.POSTGRES_DB}`)
      expect(db.password, 'passwords come from a secret file').toBe('')
    }
    for (const secret of Object.values(compose.secrets)) {
      expect(secret.file.startsWith('./secrets/')).toBe(true)
    }
    expect(read('.gitignore')).toContain('deploy/secrets/')
  })

  it('compose runs the topology the loopback test runs (LOOPBACK_TOPOLOGY in topology.test.ts)', () => {
    const built = (dockerfile: string) =>
      Object.entries(services).filter(([, s]) => s.build?.dockerfile === dockerfile)
    const relays = built('deploy/relay.Dockerfile')
    const cosigners = built('deploy/cosigner.Dockerfile')
    expect(relays).toHaveLength(TOPOLOGY.relays.count)
    expect(cosigners).toHaveLength(TOPOLOGY.cosigners.count)
    for (const [, relay] of relays)
      expect(relay.environment.RELAY_STORAGE).toBe(TOPOLOGY.relays.storage)
    for (const [, cosigner] of cosigners) {
      expect(cosigner.environment.COSIGNER_STORAGE).toBe(TOPOLOGY.cosigners.storage)
      expect(new URL(cosigner.environment.COSIGNER_REDIS_URL as string).protocol).toBe(
        `${TOPOLOGY.cosigners.sharedLimits}:`,
      )
    }
    expect(service('redis').image).toMatch(/^redis:/)
    expect(service('postgres').image).toMatch(/^postgres:/)
    // One proxy, one round-robin site per cluster, in the loopback test's order.
    const proxies = Object.values(services).filter((s) => s.image?.startsWith('caddy:'))
    expect(proxies).toHaveLength(1)
    const caddy = readFileSync(join(DEPLOY, 'Caddyfile'), 'utf8')
    const sites = [...caddy.matchAll(/reverse_proxy ([^{]+)\{([^}]*)\}/g)].map((m) => {
      const hosts = (m[1] as string)
        .trim()
        .split(/\s+/)
        .map((u) => u.split(':')[0] as string)
      expect(m[2]).toMatch(/lb_policy round_robin/)
      if (hosts.every((h) => relays.some(([name]) => name === h))) return 'relays'
      if (hosts.every((h) => cosigners.some(([name]) => name === h))) return 'cosigners'
      return hosts.join(' ')
    })
    expect(sites).toEqual([...TOPOLOGY.proxySites])
    // And the loopback test starts what the constant says (not a copy of its numbers).
    const loopback = read('packages/cosigner/src/server/topology.test.ts')
    for (const use of [
      'length: TOPOLOGY.relays.count',
      'length: TOPOLOGY.cosigners.count',
      "'--storage', TOPOLOGY.relays.storage",
      'COSIGNER_STORAGE: TOPOLOGY.cosigners.storage',
    ])
      expect(loopback).toContain(use)
  })

  it('the proxy routes to the compose services on the ports the images listen on', () => {
    const volumes = service('proxy').volumes
    expect(volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro')
    const caddy = readFileSync(join(DEPLOY, 'Caddyfile'), 'utf8')
    const upstreams = [...caddy.matchAll(/reverse_proxy ([^{]+)\{/g)].map((m) =>
      (m[1] as string).trim().split(/\s+/),
    )
    expect(upstreams).toEqual([
      ['relay-1:8787', 'relay-2:8787'],
      ['cosigner-1:8788', 'cosigner-2:8788'],
    ])
    for (const server of SERVERS) {
      expect(read(server.dockerfile)).toContain(`EXPOSE ${server.port}`)
    }
  })

  for (const server of SERVERS) {
    it(`${server.dockerfile}: multi-stage, non-root, the built dist/main.js, no tsx at run time`, () => {
      const [build, run, ...more] = stages(server.dockerfile)
      expect(more).toEqual([])
      expect(build).toMatch(/^FROM \S+ AS build/)
      expect(run).toContain('COPY --from=build')
      expect(run).toMatch(/^USER node$/m)
      expect(run).not.toMatch(/tsx|typescript|--conditions=source/)
      const cmd = /^CMD (\[.*\])$/m.exec(run as string)?.[1]
      const [node, entry] = JSON.parse(cmd as string) as string[]
      expect([node, entry]).toEqual(['node', 'dist/main.js'])
      // The entry is what the package's build emits: its source under rootDir, not excluded.
      const tsBuild = JSON.parse(read(`${server.packageDir}/tsconfig.build.json`)) as {
        include: string[]
        exclude?: string[]
      }
      const source = (entry as string).replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')
      expect(existsSync(join(ROOT, server.packageDir, source)), source).toBe(true)
      expect(tsBuild.include.some((dir) => source.startsWith(`${dir}/`))).toBe(true)
      expect(
        (tsBuild.exclude ?? []).filter(
          (pattern) => source === pattern || source.startsWith(`${pattern}/`),
        ),
      ).toEqual([])
      // Compose's own entrypoints (the co-signer's reads a secret first) run the same dist entry.
      for (const n of [1, 2]) {
        const entrypoint = service(`${server.name}-${n}`).entrypoint
        if (entrypoint === undefined) continue
        expect(entrypoint.join(' ')).toContain(`exec node ${entry}`)
        expect(entrypoint.join(' ')).not.toMatch(/tsx|--conditions=source/)
      }
      // The build commands are the packages' own scripts, for the server and each workspace
      // package it runs with.
      expect(build).toContain('pnpm install --frozen-lockfile')
      expect(build).toContain(`pnpm --filter "${server.packageName}..." run build`)
      expect(build).toContain(`pnpm --filter ${server.packageName} deploy --legacy --prod /out`)
      expect(packageJson('.').scripts?.build).toContain('run build')
      for (const name of workspaceClosure(server.packageName)) {
        const dir = WORKSPACE.get(name) as string
        const pkg = packageJson(dir)
        expect(pkg.scripts?.build, `${name} build script`).toBe('tsc -p tsconfig.build.json')
        const tsconfig = JSON.parse(read(`${dir}/tsconfig.build.json`)) as {
          compilerOptions: { outDir: string; rootDir: string }
        }
        expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src' })
        expect(pkg.files, `${name} ships dist`).toContain('dist')
        const main = (pkg.exports?.['.'] as { default: string } | undefined)?.default ?? ''
        // What node loads (the default condition) is the build output of the source entry.
        expect(main).toMatch(/^\.\/dist\/.+\.js$/)
        const source = main.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')
        expect(existsSync(join(ROOT, dir, source)), `${name}: ${source}`).toBe(true)
      }
      expect(existsSync(join(ROOT, server.packageDir, 'src/main.ts'))).toBe(true)
    })
  }

  it('with Docker, both images build; without, the file checks above are the check', () => {
    if (!dockerWorks()) {
      console.info('deploy: Docker is not available here; the deployment files were checked')
      expect(spawnSync('docker', ['info'], { stdio: 'ignore' }).status).not.toBe(0)
      return
    }
    for (const server of SERVERS) {
      execFileSync(
        'docker',
        ['build', '-f', server.dockerfile, '-t', `tessera-${server.name}:test`, '.'],
        { cwd: ROOT, stdio: 'inherit', timeout: 1_200_000 },
      )
      const user = execFileSync(
        'docker',
        ['image', 'inspect', '--format', '{{.Config.User}}', `tessera-${server.name}:test`],
        { encoding: 'utf8' },
      ).trim()
      expect(user).toBe('node')
    }
  }, 2_500_000)
})
