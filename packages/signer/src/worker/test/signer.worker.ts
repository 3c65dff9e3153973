/** Test-only Worker script: the production entry, nothing else. */
import { exposeSignerWorker } from '../exposeSignerWorker.ts'

exposeSignerWorker()
