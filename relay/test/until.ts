/**
 * Test helper: resolves once `condition` holds, checking every few milliseconds, and rejects
 * with `what` at the deadline. For state without an event to wait on (server-side counters,
 * another process's /metrics). Test-only.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 5000,
  everyMs = 20,
): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`waiting for ${what}: deadline exceeded`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}
