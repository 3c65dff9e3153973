/**
 * Regenerates `DemoToken.json` (ABI and creation bytecode) from `DemoToken.sol`:
 * `pnpm --filter @tessera/devchain compile-token`. The start command loads the JSON so it never
 * pays for a compile; `compileDemoToken.test.ts` fails when the two disagree.
 */
import { writeFileSync } from 'node:fs'
import { compileDemoToken } from './compileDemoToken.ts'

writeFileSync(
  new URL('./DemoToken.json', import.meta.url),
  `${JSON.stringify(compileDemoToken(), null, 2)}\n`,
)
