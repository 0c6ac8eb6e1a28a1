-- wrk script of benchmarks/pages.py: optional JSON POST of a random API key, and one summary line.
local keys = {}
local method = os.getenv("BENCH_METHOD") or "GET"
local key_file = os.getenv("BENCH_KEYS")
if key_file then
  for line in io.lines(key_file) do keys[#keys + 1] = line end
end

function init(args)
  math.randomseed(math.floor(os.clock() * 1000000) + #keys)
end

function request()
  if method == "POST" then
    local key = keys[math.random(#keys)]
    return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Host"] = "127.0.0.1"},
      '{"apiKey": "' .. key .. '"}')
  end
  return wrk.format(nil, nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "mean_us": %.1f, "p95_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency.mean, latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
