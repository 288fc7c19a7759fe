-- wrk script for the soak: the webhook body of bench/webhook.lua, sent on a fixed schedule of THREAD_RATE requests/s per
-- wrk thread. Each request the thread's connections send takes the next slot of that schedule and waits for it, so
-- a slow answer does not lower the rate: the slots it held up are sent as soon as the connections are free (a stall
-- of more than a second is not made up, so a server that cannot keep up shows as a lower rate). wrk's latencies
-- are each request's own time on the wire, not its lateness against the schedule.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } flowgate_timespec;
  int clock_gettime(int clock, flowgate_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("flowgate_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local interval_ms = 1000 / tonumber(os.getenv("THREAD_RATE") or "1000")
local next_slot = nil

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local pad = string.rep("x", 300 - 116)
  wrk.body = '{"order":{"id":"A-1000","customer":"c-42","currency":"EUR","total":129.90,"items":[{"sku":"S1","qty":2}]},"note":"' .. pad .. '"}'
end

function delay()
  local now = now_ms()
  next_slot = math.max((next_slot or now) + interval_ms, now - 1000)
  return math.max(0, math.floor(next_slot - now))
end
