/**
 * The relay's logs are the server kit's (`createLogger`: pino JSON lines with `time`, `level`,
 * `event`, the node name, then fields). By convention fields hold counts, codes, topics' first 8
 * characters at most and client ids — never message contents, JWTs or link targets' query strings.
 */
export type { Logger } from '@tessera/server-kit'

/** The loggable form of a topic: a prefix is enough to correlate, the whole is not needed. */
export const topicRef = (topic: string): string => topic.slice(0, 8)
