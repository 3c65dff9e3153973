#!/usr/bin/env node
/**
 * Process entry point: runs the command line, and for `start` stops gracefully on SIGINT or
 * SIGTERM. Holds no logic of its own (cli.ts does).
 */
import { runCli } from './cli.ts'

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
}

const { code, server } = await runCli(process.argv.slice(2), process.env, io)
if (server === undefined) process.exit(code)
else {
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
