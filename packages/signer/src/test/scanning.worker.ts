/**
 * Test-only Worker script: the production entry with mpc's test-only share scan enabled on the
 * vault's engine (`debugShareFoundIn`), so a browser test can ask whether the Worker's shares
 * occur in anything the page saw. A production Worker script calls `exposeSignerWorker()`.
 */
import { exposeSignerWorker } from '../worker/exposeSignerWorker.ts'

exposeSignerWorker(undefined, { exposeSecretsForTests: true })
