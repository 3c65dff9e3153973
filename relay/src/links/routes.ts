/**
 * Short-link routes (placeholder until the link registry lands): every path is passed on.
 */
import type { RelayContext } from '../server/context.ts'
import type { Route } from '../server/httpRoutes.ts'

export function linkRoutes(_ctx: RelayContext): Route {
  return () => false
}
