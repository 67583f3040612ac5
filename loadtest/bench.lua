-- wrk script for loadtest/bench.sh.
-- WRK_PORTS="p1,p2,p3": each wrk thread connects to one of these ports on 127.0.0.1 in turn (a cluster spread over
-- its nodes, as DNS round-robin clients spread); unset, every thread uses the URL's address.
-- At the end it prints one JSON line, prefixed "BENCH ", with the rate, the errors and the latency percentiles.

local ports = os.getenv("WRK_PORTS")
local addrs = nil
local next_addr = 0

function setup(thread)
  if ports == nil or ports == "" then
    return
  end
  if addrs == nil then
    addrs = {}
    for port in string.gmatch(ports, "[^,]+") do
      for _, addr in ipairs(wrk.lookup("127.0.0.1", port)) do
        table.insert(addrs, addr)
      end
    end
  end
  thread.addr = addrs[next_addr % #addrs + 1]
  next_addr = next_addr + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests":%d,"seconds":%.3f,"rps":%.1f,"errors":%d,"non2xx":%d,' ..
    '"p50":%.3f,"p99":%.3f,"p99.9":%.3f,"max":%.3f}\n',
    summary.requests, seconds, summary.requests / seconds,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000))
end
