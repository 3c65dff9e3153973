/**
 * js-conflux-sdk, the independent oracle of the tests (docs/CHAINS.md). Test-only: it must never be
 * imported from `src` outside `*.test.ts` and `src/test`, and never enter the dapp bundle.
 */
import sdk from 'js-conflux-sdk'

export const { address, format, PersonalMessage, Message, Transaction, sign } = sdk
