-- Shared by the action scripts: an AWS JSON 1.1 request (POST /, X-Amz-Target) and one machine-readable result line.
local M = {}

function M.env(name)
    local value = os.getenv(name)
    if value == nil or value == "" then
        error("environment variable " .. name .. " is not set")
    end
    return value
end

-- A JSON string literal. The values here are ids, a token and a password; control characters, quotes and
-- backslashes are escaped all the same.
function M.str(value)
    local escaped = value:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end)
    return '"' .. escaped .. '"'
end

function M.request(action, body)
    wrk.method = "POST"
    wrk.path = "/"
    wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
    wrk.headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService." .. action
    wrk.body = body
end

-- compare.sh reads this line; a non-2xx answer or a socket error makes the run count as failed.
function M.done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
            .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        e.status, e.connect, e.read, e.write, e.timeout))
end

return M
