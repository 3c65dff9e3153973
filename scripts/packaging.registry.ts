/**
 * A read-only package registry on 127.0.0.1 serving the packed `@tessera/*` tarballs, so a
 * temporary dapp installs them by name — `@tessera/wagmi@0.1.0`, whose `@tessera/core@0.1.0`
 * resolves the same way — exactly as from a public registry. The app's `.npmrc` points only the
 * `@tessera` scope here; every other package comes from the client's configured registry.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename } from 'node:path'
import { gunzipSync } from 'node:zlib'

export interface PackedPackage {
  /** Absolute path of the `.tgz`. */
  tarball: string
  /** The `package.json` inside it (as packed: workspace ranges rewritten). */
  manifest: { name: string; version: string } & Record<string, unknown>
}

export interface LocalRegistry {
  url: string
  close(): Promise<void>
}

/** Reads `package/package.json` out of a packed tarball (ustar, gzip). */
export function readPackedManifest(tarball: string): PackedPackage['manifest'] {
  const tar = gunzipSync(readFileSync(tarball))
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '')
    const prefix = tar
      .subarray(offset + 345, offset + 500)
      .toString('utf8')
      .replace(/\0.*$/s, '')
    const size = Number.parseInt(tar.subarray(offset + 124, offset + 136).toString('utf8'), 8)
    if (name === '') break
    const path = prefix === '' ? name : `${prefix}/${name}`
    if (path === 'package/package.json') {
      const body = tar.subarray(offset + 512, offset + 512 + size).toString('utf8')
      return JSON.parse(body) as PackedPackage['manifest']
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  throw new Error(`${tarball} has no package/package.json`)
}

/** Starts the registry for `packages` on an ephemeral loopback port. */
export async function startLocalRegistry(
  packages: readonly PackedPackage[],
): Promise<LocalRegistry> {
  const server = createServer()
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const published = new Date().toISOString()
  const tarballs = new Map<string, Buffer>()
  const packuments = new Map<string, string>()
  for (const { tarball, manifest } of packages) {
    const bytes = readFileSync(tarball)
    const file = basename(tarball)
    tarballs.set(`/-/${file}`, bytes)
    const version = {
      ...manifest,
      _id: `${manifest.name}@${manifest.version}`,
      dist: {
        tarball: `${url}/-/${file}`,
        integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
        shasum: createHash('sha1').update(bytes).digest('hex'),
      },
    }
    packuments.set(
      manifest.name,
      JSON.stringify({
        _id: manifest.name,
        name: manifest.name,
        'dist-tags': { latest: manifest.version },
        versions: { [manifest.version]: version },
        time: { created: published, modified: published, [manifest.version]: published },
      }),
    )
  }
  server.on('request', (request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/')
    const tarball = tarballs.get(path)
    const packument = packuments.get(path.slice(1))
    if (request.method === 'GET' && tarball) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball)
    } else if (request.method === 'GET' && packument) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(packument)
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
    }
  })
  return {
    url,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolvePromise()))
      }),
  }
}
