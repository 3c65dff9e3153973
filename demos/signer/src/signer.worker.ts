/** The signer's Worker: the vault and the threshold engine live here; the page never sees a share. */
import { exposeSignerWorker } from '@tessera/signer/worker'

exposeSignerWorker()
