// The seen-set's commands, run inside Redis as Lua scripts: each takes one shard's batch of a
// chunk's candidates, packed as binary records, so that a level costs one call per shard and
// chunk, never one per fingerprint. A shard is a hash whose fields are 8-byte fingerprints.
//
// A field holds the smallest key offered in the level being expanded (a number: the candidate's
// parent position + 2, as in the in-process seen-set, shared-seen-set.ts), or, once claimed,
// "c<depth>:<key>": committed, with the level and key that claimed it, so that a chunk redone
// after its worker died claims the same states again (claims are idempotent, as offers are).
// Every shard holds the field "m" from the search's start: a node that lost its data (a restart)
// no longer has it, and each script then fails instead of answering from an empty shard.

/** Records: hi (4 bytes, big-endian), lo (4), key (4). */
export const RECORD_BYTES = 12;

const HEAD = `
local h = KEYS[1]
if redis.call('HEXISTS', h, 'm') == 0 then return redis.error_reply('DROPCHECK a seen-set shard is gone (' .. h .. '): a node lost its data') end
local a = ARGV[1]
`;
const RECORD = `
  local f = string.sub(a, i, i + 7)
  local b1, b2, b3, b4 = string.byte(a, i + 8, i + 11)
  local k = ((b1 * 256 + b2) * 256 + b3) * 256 + b4
`;

export const SCRIPTS = {
  /** Offers candidates: a field keeps the smallest key offered, a committed field stays. */
  dcOffer: `${HEAD}
for i = 1, #a, 12 do${RECORD}
  local v = redis.call('HGET', h, f)
  if not v then
    redis.call('HSET', h, f, k)
  elseif string.byte(v, 1) ~= 99 and tonumber(v) > k then
    redis.call('HSET', h, f, k)
  end
end
return 1`,
  /** Claims, after every offer of the level: '1' for each candidate that is the new state (committing it), else '0'. */
  dcClaim: `${HEAD}
local depth = ARGV[2]
local out = {}
for i = 1, #a, 12 do${RECORD}
  local v = redis.call('HGET', h, f)
  local mine = 'c' .. depth .. ':' .. k
  if v == tostring(k) then
    redis.call('HSET', h, f, mine)
    out[#out + 1] = '1'
  elseif v == mine then
    out[#out + 1] = '1'
  else
    out[#out + 1] = '0'
  end
end
return table.concat(out)`,
  /** Whether each fingerprint (8-byte records) was ever offered: '1' or '0'. */
  dcHas: `${HEAD}
local out = {}
for i = 1, #a, 8 do
  out[#out + 1] = tostring(redis.call('HEXISTS', h, string.sub(a, i, i + 7)))
end
return table.concat(out)`,
  /** Commits the initial states' fingerprints (8-byte records). */
  dcCommit: `${HEAD}
for i = 1, #a, 8 do
  redis.call('HSET', h, string.sub(a, i, i + 7), 'c0:0')
end
return 1`,
} as const;

// Leases and done marks, guarded by the search's state (its record and the phase being worked
// on, keys of the slot {dropcheck}): a worker late for a level, or for the whole search, can no
// longer take a chunk nor mark one done, so it leaves nothing behind once the search is over.

/** Whether the record says search `sid` is not over (with `running`: that it runs, not interrupted). */
const LIVE = `
local function live(recordKey, sid, running)
  local r = redis.call('GET', recordKey)
  if not r then return false end
  local rec = cjson.decode(r)
  if rec.sid ~= tonumber(sid) then return false end
  if running then return rec.status == 'running' end
  return rec.status ~= 'done'
end
`;

export const GUARDED_SCRIPTS = {
  /**
   * KEYS: record, current phase, lease; ARGV: sid, "<task>:<phase>", worker id, lease ms.
   * 1 when this worker now holds the chunk's lease: the search runs and the phase is current.
   */
  dcLease: { keys: 3, lua: `${LIVE}
if not live(KEYS[1], ARGV[1], true) then return 0 end
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
if redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4], 'NX') then return 1 end
return 0` },
  /**
   * KEYS: record, done set, lease; ARGV: sid, chunk, worker id. Releases the worker's lease and
   * marks the chunk done, unless the search is over (0).
   */
  dcDone: { keys: 3, lua: `${LIVE}
if redis.call('GET', KEYS[3]) == ARGV[3] then redis.call('DEL', KEYS[3]) end
if not live(KEYS[1], ARGV[1], false) then return 0 end
redis.call('SADD', KEYS[2], ARGV[2])
return 1` },
} as const;
