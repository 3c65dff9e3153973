/**
 * Set-up shared by `npm start` and `npm test`: makes a fresh machine with only Node.js and npm
 * ready — pnpm at the version pinned in package.json, the workspace's dependencies from the
 * lockfile, and (for the tests) Debian's Chromium. Prints what it does; never prints secrets.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const pinnedPnpm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager

/** Runs a command with inherited output; returns its exit status (never throws). */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options })
  if (result.error) return 127
  return result.status ?? 1
}

function output(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: root })
  return result.status === 0 ? result.stdout.trim() : undefined
}

export function step(title) {
  console.log(`\n▶ ${title}`)
}

/** Makes `pnpm` (the pinned version) callable, installing it with npm when needed. */
export function ensurePnpm() {
  const wanted = pinnedPnpm.replace(/^pnpm@/, '')
  if (output('pnpm', ['--version']) === wanted) return
  step(`installing pnpm ${wanted} with npm`)
  if (run('npm', ['install', '--global', '--no-fund', '--no-audit', `pnpm@${wanted}`]) === 0) {
    if (output('pnpm', ['--version']) === wanted) return
  }
  // No write access to npm's global prefix: install into the workspace instead.
  const prefix = join(root, '.tessera', 'tools')
  if (
    run('npm', ['install', '--no-fund', '--no-audit', '--prefix', prefix, `pnpm@${wanted}`]) !== 0
  ) {
    throw new Error(`could not install pnpm ${wanted} with npm`)
  }
  process.env.PATH = `${join(prefix, 'node_modules', '.bin')}:${process.env.PATH}`
  if (output('pnpm', ['--version']) !== wanted) throw new Error(`pnpm ${wanted} is not callable`)
}

/** Installs the workspace's dependencies exactly as the lockfile says. */
export function installDependencies() {
  step('installing dependencies (pnpm install --frozen-lockfile)')
  if (run('pnpm', ['install', '--frozen-lockfile']) !== 0) {
    throw new Error('pnpm install failed')
  }
}

export const chromiumPath = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium'

/** Browser tests drive Debian's Chromium; install it when missing and we are root. */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return ensureCjkFont()
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install Debian's 'chromium' package ` +
        '(apt-get install chromium) or set TESSERA_CHROMIUM to a Chromium binary',
    )
  }
  step("installing Debian's chromium (apt-get)")
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (run('apt-get', ['update', '-qq'], { env }) !== 0) throw new Error('apt-get update failed')
  if (run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) !== 0) {
    throw new Error('apt-get install chromium failed')
  }
  if (!existsSync(chromiumPath))
    throw new Error(`chromium installed but ${chromiumPath} is missing`)
  ensureCjkFont()
}

/**
 * The zh-CN screenshots of the e2e flows need a CJK font; Debian's small WenQuanYi Micro Hei is
 * installed when missing and we are root. Without it the tests still pass (the text is in the
 * DOM), the screenshots just show boxes: a note, not a failure.
 */
const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'
function ensureCjkFont() {
  if (existsSync(cjkFont) || process.getuid?.() !== 0) return
  step("installing Debian's fonts-wqy-microhei (zh-CN screenshots)")
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => run('apt-get', ['install', '-y', '-qq', 'fonts-wqy-microhei'], { env })
  // A machine whose package lists were never fetched needs them first.
  if (install() !== 0 && (run('apt-get', ['update', '-qq'], { env }) !== 0 || install() !== 0)) {
    console.log('note: no CJK font; zh-CN screenshots will show boxes')
  }
}
