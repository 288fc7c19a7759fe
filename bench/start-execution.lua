-- wrk script: start the benchmark workflow through the manual-trigger API.
wrk.method = "POST"
wrk.body = '{"inputs":{"items":[{"price":10},{"price":32}],"customer":"bench"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FLOWGATE_API_KEY")
