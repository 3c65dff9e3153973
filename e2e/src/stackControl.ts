/**
 * Flows' handle on the running stack's processes: `restartService('relay')` asks the global setup
 * to kill the service (SIGKILL, as a crash) and start it again on the same port and data
 * directory, and resolves once it answers its health check again.
 */
import { inject } from 'vitest'

export async function restartService(name: string): Promise<void> {
  const response = await fetch(`${inject('stackControl')}/restart/${name}`, { method: 'POST' })
  if (response.status !== 204) {
    throw new Error(`restarting ${name}: ${response.status} ${await response.text()}`)
  }
}
