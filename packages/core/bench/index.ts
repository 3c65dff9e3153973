/**
 * Launcher of the core benchmark: runs `roundTrip.ts` in a child Node with the workspace's
 * `source` export condition (tsx alone resolves `@tessera/*` to their unbuilt `dist/`), so
 * `pnpm bench` works without a build. Must never do anything but start the child and pass on
 * its exit code.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('./roundTrip.ts', import.meta.url))
const { status } = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', script, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
process.exit(status ?? 1)
