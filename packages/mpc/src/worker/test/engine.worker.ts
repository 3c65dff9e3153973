/**
 * Test-only browser Worker script: serves an engine with the debug hook enabled. A production
 * Worker script calls exposeMpcEngine without `exposeSecretsForTests`.
 */
import { exposeMpcEngine } from '../exposeMpcEngine.ts'

exposeMpcEngine({ exposeSecretsForTests: true })
