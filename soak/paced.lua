-- wrk script for the soak: the webhook body of bench/webhook.lua, each connection pausing DELAY_MS between
-- requests, so the rate is about connections * 1000 / (DELAY_MS + latency) instead of as fast as possible.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "4")

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local pad = string.rep("x", 300 - 116)
  wrk.body = '{"order":{"id":"A-1000","customer":"c-42","currency":"EUR","total":129.90,"items":[{"sku":"S1","qty":2}]},"note":"' .. pad .. '"}'
end

function delay()
  return delay_ms
end
