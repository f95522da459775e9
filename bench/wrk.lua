-- wrk script for bench/harness.py.
--   WRK_PATHS   a file of request paths, one per line, picked at random for each request
--               (so "the article page" is spread over many articles); unset: the URL's own path.
--   WRK_COOKIE  a Cookie header to send (the harness uses it to bypass the page cache).
-- At the end it prints one line, "BENCH_JSON {...}", that the harness parses.

local paths = {}
local cookie = os.getenv("WRK_COOKIE")
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("thread_id", counter)
end

function init(args)
    local file = os.getenv("WRK_PATHS")
    if file and file ~= "" then
        for line in io.lines(file) do
            if line ~= "" then
                paths[#paths + 1] = line
            end
        end
    end
    math.randomseed(os.time() * 1000 + (thread_id or 0))
    if cookie and cookie ~= "" then
        wrk.headers["Cookie"] = cookie
    end
end

function request()
    if #paths > 0 then
        return wrk.format("GET", paths[math.random(#paths)])
    end
    return wrk.format("GET")
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, ' ..
        '"write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, "p90": %d, "p99": %d, ' ..
        '"max": %d, "mean": %.1f}}\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
