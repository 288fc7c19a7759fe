-- wrk script: GET the status document of random executions listed in $IDS_FILE.
local ids = {}
init = function(args)
  for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
  math.randomseed(os.time() + math.random(1000))
end
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/v1/executions/" .. id, {
    ["Authorization"] = "Bearer " .. os.getenv("FLOWGATE_API_KEY") })
end
