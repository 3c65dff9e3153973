/**
 * Loads Noise known-answer vectors (the cacophony JSON format) for the conformance suite.
 * Path: $TESSERA_NOISE_VECTORS, else $TESSERA_VECTORS_DIR/noise/…, else ../shared/vectors/noise/…
 * beside the repository. Test-only; never part of the package.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface NoiseVector {
  readonly protocol_name: string
  readonly init_prologue: string
  readonly init_psks?: readonly string[]
  readonly init_static?: string
  readonly init_ephemeral: string
  readonly init_remote_static?: string
  readonly resp_prologue: string
  readonly resp_psks?: readonly string[]
  readonly resp_static?: string
  readonly resp_ephemeral?: string
  readonly resp_remote_static?: string
  readonly handshake_hash?: string
  readonly messages: readonly { readonly payload: string; readonly ciphertext: string }[]
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')

export function noiseVectorsPath(): string {
  if (process.env.TESSERA_NOISE_VECTORS) return resolve(process.env.TESSERA_NOISE_VECTORS)
  const dir = process.env.TESSERA_VECTORS_DIR ?? join(repoRoot, '..', 'shared', 'vectors')
  return resolve(dir, 'noise', 'cacophony-25519-chachapoly.json')
}

export function loadNoiseVectors(path = noiseVectorsPath()): readonly NoiseVector[] {
  if (!existsSync(path)) {
    throw new Error(
      `Noise vectors not found at ${path}: put ../shared beside the repository, or set TESSERA_NOISE_VECTORS (a file) or TESSERA_VECTORS_DIR (a directory)`,
    )
  }
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
  const vectors = Array.isArray(parsed) ? parsed : (parsed as { vectors?: unknown }).vectors
  if (!Array.isArray(vectors) || vectors.length === 0) {
    throw new Error(`${path} holds no vectors: expected {"vectors": [...]} or an array`)
  }
  return vectors as NoiseVector[]
}
