/**
 * The Lua scripts of the Redis mailbox engine. Each runs atomically inside Redis, so two relay
 * nodes appending to or acking the same topic never interleave half an operation. Keys of one
 * topic share the hash tag `{topic}`; per-message keys are derived inside the script from the
 * prefix passed in ARGV (fine on a single Redis, the supported deployment).
 *
 * Layout (P = prefix, T = topic): P:subs every subscription (`T client` → expiry ms), for the
 * total cap; P:{T}:s subscribers zset (client → expiry ms), P:{T}:q queue
 * zset (id → seq), P:{T}:n seq counter, P:{T}:m:<id> message hash (PX = TTL) with fields
 * j (JSON), s (sender), x (expiry ms) — filters read s and x, never decode j — and …:r required
 * clients set, …:a acked clients set.
 */

/**
 * KEYS: subs, all subscriptions. ARGV: client, expiresAt, now, max, member (`topic client`).
 * Returns 0 when `max` live subscriptions exist across the prefix and this is not a renewal.
 */
export const SUBSCRIBE = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
if not redis.call('ZSCORE', KEYS[2], ARGV[5])
    and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[5])
return 1
`

/** KEYS: subs, queue, seq. ARGV: id, json, ttlMs, now, maxDepth, sender, msgPrefix, expiresAt. */
export const APPEND = `
local subs, q, seqk = KEYS[1], KEYS[2], KEYS[3]
local id, json, ttl, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local maxd, sender, mp = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local dk = mp .. id
if redis.call('EXISTS', dk) == 1 then return {0, 0} end
if redis.call('ZCARD', q) >= maxd then
  for _, mid in ipairs(redis.call('ZRANGE', q, 0, -1)) do
    if redis.call('EXISTS', mp .. mid) == 0 then redis.call('ZREM', q, mid) end
  end
  if redis.call('ZCARD', q) >= maxd then return {-1, 0} end
end
local seq = redis.call('INCR', seqk)
redis.call('ZADD', q, seq, id)
redis.call('HSET', dk, 'j', json, 's', sender, 'x', ARGV[8])
redis.call('PEXPIRE', dk, ttl)
redis.call('ZREMRANGEBYSCORE', subs, '-inf', now)
local n = 0
for _, c in ipairs(redis.call('ZRANGE', subs, 0, -1)) do
  if c ~= sender then
    redis.call('SADD', dk .. ':r', c)
    n = n + 1
  end
end
if n > 0 then redis.call('PEXPIRE', dk .. ':r', ttl) end
if redis.call('PTTL', q) < ttl then
  redis.call('PEXPIRE', q, ttl)
  redis.call('PEXPIRE', seqk, ttl)
end
return {seq, redis.call('ZCARD', q)}
`

/**
 * KEYS: queue. ARGV: msgPrefix, client, limit, now, afterSeq.
 * Returns [seq, json, seq, json, …] for live messages after `afterSeq` the client neither sent
 * nor acked, oldest first.
 */
export const PENDING = `
local q, mp, client = KEYS[1], ARGV[1], ARGV[2]
local limit, now = tonumber(ARGV[3]), tonumber(ARGV[4])
local ids = redis.call('ZRANGEBYSCORE', q, '(' .. ARGV[5], '+inf', 'WITHSCORES')
local out, n = {}, 0
for i = 1, #ids, 2 do
  local id = ids[i]
  local meta = redis.call('HMGET', mp .. id, 's', 'x')
  if not meta[1] then
    redis.call('ZREM', q, id)
  elseif meta[1] ~= client and tonumber(meta[2]) > now
      and redis.call('SISMEMBER', mp .. id .. ':a', client) == 0 then
    out[#out + 1] = ids[i + 1]
    out[#out + 1] = redis.call('HGET', mp .. id, 'j')
    n = n + 1
    if n >= limit then break end
  end
end
return out
`

/**
 * KEYS: queue, data, acked, required, subs. ARGV: client, id, now.
 * Removes the message once every client required at its arrival acked it; when none was (it
 * arrived before anyone subscribed), once every live subscriber other than its sender — at least
 * one — acked it, so a late subscriber's acks free the topic.
 */
export const ACK = `
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('SADD', KEYS[3], ARGV[1])
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
local req = redis.call('SMEMBERS', KEYS[4])
if #req == 0 then
  local sender = redis.call('HGET', KEYS[2], 's')
  for _, c in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '(' .. ARGV[3], '+inf')) do
    if c ~= sender then req[#req + 1] = c end
  end
  if #req == 0 then return 1 end
end
for _, c in ipairs(req) do
  if redis.call('SISMEMBER', KEYS[3], c) == 0 then return 1 end
end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('ZREM', KEYS[1], ARGV[2])
return 2
`

/** KEYS: queue. ARGV: msgPrefix, now. Live messages in the topic. */
export const DEPTH = `
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local x = redis.call('HGET', ARGV[1] .. id, 'x')
  if x and tonumber(x) > tonumber(ARGV[2]) then n = n + 1 end
end
return n
`
