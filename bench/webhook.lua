-- wrk script: token-authenticated async webhooks with a 300-byte JSON body; writes every 202'd
-- activityId to $IDS_DIR/ids-<n>.txt so the run can check afterwards that each one exists.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("n", counter)
end

function init(args)
  local dir = os.getenv("IDS_DIR")
  if dir then
    out = io.open(dir .. "/ids-" .. n .. ".txt", "w")
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local pad = string.rep("x", 300 - 116)
  wrk.body = '{"order":{"id":"A-1000","customer":"c-42","currency":"EUR","total":129.90,"items":[{"sku":"S1","qty":2}]},"note":"' .. pad .. '"}'
end

function response(status, headers, body)
  if out and status == 202 then
    local id = string.match(body, '"activityId":"([^"]+)"')
    if id then out:write(id, "\n") end
  end
end
