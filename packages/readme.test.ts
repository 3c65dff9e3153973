/**
 * Every package README's TypeScript examples run as written: each ```ts block is extracted,
 * its imports of the package itself pointed at the package's source, and executed. A README
 * example that no longer compiles or throws fails here.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const written: string[] = []

const examples = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'README.md')),
  )
  .flatMap((entry) => {
    const dir = join(root, 'packages', entry.name)
    const name = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string })
      .name
    const readme = readFileSync(join(dir, 'README.md'), 'utf8')
    return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({
      label: `${name} README example ${index + 1}`,
      dir,
      name,
      code: match[1] ?? '',
    }))
  })

test('package READMEs carry runnable examples', () => {
  expect(examples.length).toBeGreaterThan(0)
})

test.each(examples)('$label runs', async ({ dir, name, code }) => {
  const file = join(dir, 'src', `.readme-example-${process.pid}-${written.length}.ts`)
  written.push(file)
  writeFileSync(file, code.replaceAll(`'${name}'`, `'./index.ts'`))
  await import(file)
})

afterAll(() => {
  for (const file of written) rmSync(file, { force: true })
})
