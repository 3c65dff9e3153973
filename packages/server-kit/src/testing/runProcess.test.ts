/**
 * The process helpers the relay's and the co-signer's start-up tests share: a real child's exit
 * code and both outputs in full, JSON lines parsed, a held port refused to another listener.
 */
import { createServer } from 'node:net'
import { expect, test } from 'vitest'
import { holdPort, jsonLines, runProcess } from './runProcess.ts'

test('runProcess collects a real child to its exit, with exactly the env given', async () => {
  const script =
    'process.stdout.write(JSON.stringify({ a: process.env.A, path: process.env.PATH ?? null }) + "\\n"); process.stderr.write("{\\"b\\":2}\\n\\n"); process.exit(3)'
  const result = await runProcess(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    env: { A: 'one' },
  })
  expect(result.code).toBe(3)
  expect(jsonLines(result.stdout)).toEqual([{ a: 'one', path: null }])
  expect(jsonLines(result.stderr)).toEqual([{ b: 2 }])
})

test('a command that does not exist rejects', async () => {
  await expect(
    runProcess('/nonexistent/tessera-command', [], { cwd: process.cwd(), env: {} }),
  ).rejects.toMatchObject({ code: 'ENOENT' })
})

test('holdPort holds its port until closed', async () => {
  const held = await holdPort()
  const other = createServer()
  const error = await new Promise<unknown>((resolve) => {
    other.once('error', resolve)
    other.listen(held.port, '127.0.0.1', () => resolve(undefined))
  })
  expect(error).toMatchObject({ code: 'EADDRINUSE' })
  await held.close()
})
