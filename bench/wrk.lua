-- wrk script for bench/throughput.py.
--   WRK_PATHS     a file of request paths, one per line, picked at random for each request
--                 (so "the article page" is spread over many articles); unset: the URL's own path.
--   WRK_COOKIE    a Cookie header to send with every request.
--   WRK_STRANGER  "cookie": every request carries a made-up sessionid cookie and fresh
--                 utm_source and fbclid values; "param": a fresh unknown parameter (?x=...).
--                 Unset: plain anonymous requests.
-- At the end it prints one line, "BENCH_JSON {...}", that the harness parses.

local paths = {}
local cookie = os.getenv("WRK_COOKIE")
local stranger = os.getenv("WRK_STRANGER") or ""
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

local function token()
    return string.format("%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
end

local function with_query(path, query)
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    return path .. separator .. query
end

function request()
    local path = wrk.path
    if #paths > 0 then
        path = paths[math.random(#paths)]
    end
    if stranger == "cookie" then
        local headers = {Cookie = "sessionid=" .. token() .. token()}
        return wrk.format("GET", with_query(path, "utm_source=" .. token() .. "&fbclid=" .. token()), headers)
    elseif stranger == "param" then
        return wrk.format("GET", with_query(path, "x=" .. token()))
    end
    return wrk.format("GET", path)
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
