/**
 * Test-only Node worker_threads script: the same engine as the browser Worker, served on
 * `parentPort` through comlink's Node adapter, with the debug hook enabled.
 */
import { parentPort } from 'node:worker_threads'
import { exposeMpcEngine } from '../exposeMpcEngine.ts'
import { nodeEndpoint } from '../nodeEndpoint.ts'

if (parentPort === null) throw new Error('node.worker.ts must run in a worker thread')
exposeMpcEngine({ exposeSecretsForTests: true }, nodeEndpoint(parentPort))
