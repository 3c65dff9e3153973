/**
 * Test-only: boots a TypeScript worker_threads entry (workerData.entry) through tsx, since
 * worker threads do not inherit the test runner's TypeScript transform.
 */
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

await tsImport(workerData.entry, import.meta.url)
